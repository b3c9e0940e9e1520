import Foundation

/// Who holds a loopback port another program wants, as far as this user may know: one of the
/// user's own processes (named when it can be found), or another user's, which is not looked
/// into further.
public enum PortHolder: Equatable, Sendable {
  /// A process of this user: its pid and command name (`/proc/PID/comm`).
  case own(pid: Int32, command: String)
  /// A process of this user that could not be named: it hides its descriptors (not dumpable)
  /// and did not answer with its pid.
  case ownUnnamed
  /// A process of another user of this machine.
  case otherUser

  /// The response header by which tractok's loopback servers name their process. A tractok
  /// is not dumpable, so even its own user cannot read its `/proc/PID/fd`; another tractok of
  /// the same user asks the port instead (only the same user is answered).
  public static let pidHeader = "Tractok-Pid"

  /// `your tractok (pid 4242)`, `another program of yours`, `another user`.
  public var phrase: String {
    switch self {
    case .own(let pid, let command): "your \(UntrustedText.sanitize(command)) (pid \(pid))"
    case .ownUnnamed: "another program of yours"
    case .otherUser: "another user"
    }
  }

  /// The listening socket a bind of `interface`'s address and `port` collides with: one on
  /// that address, or on its family's wildcard address (`::` also covers IPv4 unless it is
  /// IPv6-only). The exact address first.
  public static func listener(
    on interface: LoopbackInterface, port: Int, in entries: [ProcNetTCP.Entry]
  ) -> ProcNetTCP.Entry? {
    let ipv4Prefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
    let anyIPv6 = [UInt8](repeating: 0, count: 16)
    let addresses: [[UInt8]] =
      switch interface {
      case .ipv4: [ipv4Prefix + [127, 0, 0, 1], ipv4Prefix + [0, 0, 0, 0], anyIPv6]
      case .ipv6: [anyIPv6.dropLast() + [1], anyIPv6]
      }
    let candidates = entries.filter {
      $0.state == ProcNetTCP.Entry.listening && Int($0.local.port) == port
    }
    for address in addresses {
      if let entry = candidates.first(where: { $0.local.address == address }) { return entry }
    }
    return nil
  }

  /// The inode a `/proc/PID/fd` link names when it is a socket: `socket:[12345]` gives 12345.
  public static func socketInode(link: String) -> UInt64? {
    guard link.hasPrefix("socket:["), link.hasSuffix("]") else { return nil }
    return UInt64(link.dropFirst("socket:[".count).dropLast())
  }

  /// The pid a response head (status line and headers) names in `Tractok-Pid`, if any.
  public static func pid(inResponseHead head: String) -> Int32? {
    for line in head.split(separator: "\r\n").dropFirst() {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2,
        parts[0].trimmingSpaces().caseInsensitiveCompare(pidHeader)
          == .orderedSame
      else { continue }
      return Int32(parts[1].trimmingSpaces()).flatMap { $0 > 0 ? $0 : nil }
    }
    return nil
  }
}
