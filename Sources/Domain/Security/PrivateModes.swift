import Foundation

/// The rule for tractok's private paths (data directory, database, key), as ssh treats a
/// private key: if group or others have any access, tractok refuses to use them and changes
/// nothing; the user fixes the mode and, since the key may have been read, rekeys.
public enum PrivateModes {
  /// A private path open to other users: its mode and the one it must have.
  public struct Loose: Equatable, Sendable {
    public let path: String
    public let mode: Int
    public let wanted: Int

    public init(path: String, mode: Int, wanted: Int) {
      self.path = path
      self.mode = mode
      self.wanted = wanted
    }
  }

  /// The mode of the data directory.
  public static let directory = 0o700
  /// The mode of the database, its WAL and SHM files and the key file.
  public static let file = 0o600

  /// Whether group or others have any permission in `mode`.
  public static func isLoose(_ mode: Int) -> Bool { mode & 0o077 != 0 }

  /// What to tell the user about `loose` paths (nil when there are none): each path with its
  /// mode, the exact `chmod` that fixes them all, and the advice to `rekey`.
  public static func problem(_ loose: [Loose]) -> String? {
    guard !loose.isEmpty else { return nil }
    let octal = { (mode: Int) in String(mode, radix: 8) }
    let listed = loose.map { "\($0.path) (mode \(octal($0.mode)))" }.joined(separator: ", ")
    let fixes = loose.map { "chmod \(octal($0.wanted)) \(shellWord($0.path))" }
      .joined(separator: " && ")
    return "other users of this machine can read or change tractok's private files: \(listed). "
      + "tractok uses none of them like this and changes nothing itself: run `\(fixes)`, "
      + "then `tractok rekey`, since the key may already have been read"
  }

  /// `path` as one shell word: as it is when plain, else single-quoted.
  static func shellWord(_ path: String) -> String {
    let plain = path.unicodeScalars.allSatisfy {
      $0.isASCIIAlphanumeric || "/._-+,@%:".unicodeScalars.contains($0)
    }
    return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
