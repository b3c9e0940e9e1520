import Foundation

/// TikTok permission scopes, and the comma-separated form TikTok uses on the wire.
public enum Scope {
  public static let userInfoBasic = "user.info.basic"
  public static let userInfoProfile = "user.info.profile"
  public static let userInfoStats = "user.info.stats"
  public static let videoList = "video.list"

  /// The scopes requested when `TIKTOK_SCOPES` is not set.
  public static let defaults = [userInfoBasic, userInfoProfile, userInfoStats, videoList]

  /// Splits TikTok's comma list, dropping blanks and duplicates while keeping order.
  public static func parse(_ list: String) -> [String] {
    var seen = Set<String>()
    return list.split(separator: ",").compactMap { part in
      // Trimmed without Foundation: every account row parses two lists, 10,000 rows at start.
      var trimmed = part.drop(while: isSpace)
      while let last = trimmed.last, isSpace(last) { trimmed.removeLast() }
      let scope = String(trimmed)
      guard !scope.isEmpty, seen.insert(scope).inserted else { return nil }
      return scope
    }
  }

  /// Horizontal white space, as `CharacterSet.whitespaces` means it (tab and Unicode `Zs`).
  private static func isSpace(_ character: Character) -> Bool {
    character.unicodeScalars.allSatisfy {
      $0 == "\t" || $0.properties.generalCategory == .spaceSeparator
    }
  }

  /// Joins scopes into TikTok's comma list.
  public static func join(_ scopes: [String]) -> String { scopes.joined(separator: ",") }

  /// Scopes that were requested but are missing from the granted list.
  public static func declined(requested: [String], granted: [String]) -> [String] {
    let grantedSet = Set(granted)
    return requested.filter { !grantedSet.contains($0) }
  }
}
