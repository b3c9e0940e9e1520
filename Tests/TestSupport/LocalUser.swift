import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Another user of this machine, for tests that run as root: programs run under its uid and
/// gid through `setpriv` (util-linux). The uid needs no entry in /etc/passwd.
public struct LocalUser: Sendable {
  public let uid: UInt32

  public init(uid: UInt32) { self.uid = uid }

  /// Whether this process may act as other users (root, with setpriv installed).
  public static var canSwitch: Bool {
    geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
  }

  /// The program that runs `command` as this user (give it as `executable`).
  public static let setpriv = "/usr/bin/setpriv"

  /// `setpriv`'s arguments that run `program arguments` as this user, without root's groups.
  public func arguments(_ program: String, _ arguments: [String]) -> [String] {
    ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--", program] + arguments
  }

  /// A directory `path` (created) owned by this user with mode 0700: its HOME or TRACTOK_HOME.
  @discardableResult
  public func privateDirectory(_ path: String) throws -> String {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    guard chown(path, uid, uid) == 0, chmod(path, 0o700) == 0 else {
      throw LocalUserError.cannotPrepare(path, errno)
    }
    return path
  }
}

public enum LocalUserError: Error {
  case cannotPrepare(String, Int32)
}
