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
      let scope = part.trimmingSpaces()
      guard !scope.isEmpty, seen.insert(scope).inserted else { return nil }
      return scope
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
