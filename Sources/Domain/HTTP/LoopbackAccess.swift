import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Which local users a loopback server answers. Loopback is shared by every user of the
/// machine, so a connection is served only when the process at its other end belongs to one
/// of `users` (looked up in the kernel's socket tables); anyone else gets a short 403 page and
/// nothing they send is read.
public struct LoopbackAccess: Equatable, Sendable {
  /// The uids whose connections are answered.
  public let users: Set<UInt32>

  public init(users: Set<UInt32>) { self.users = users }

  /// The user running this process, plus `extra` (`TRACTOK_CALLBACK_USERS`: a reverse proxy's).
  public static func currentUser(plus extra: Set<UInt32> = []) -> LoopbackAccess {
    // The effective uid: the kernel records it as the owner of the sockets this process makes.
    LoopbackAccess(users: extra.union([geteuid()]))
  }

  /// For each accepted socket, whether the process at its other end belongs to an allowed
  /// user. Any doubt (no row found, an address that cannot be read) refuses.
  func admits(_ fds: [Int32]) -> [Bool] {
    let ends = fds.map { fd -> (peer: SocketEndpoint, local: SocketEndpoint)? in
      guard let peer = SocketEndpoint.of(fd, peer: true),
        let local = SocketEndpoint.of(fd, peer: false)
      else { return nil }
      return (peer, local)
    }
    let owners = ProcNetTCP.owners(of: ends.compactMap { $0 })
    var next = 0
    return ends.map { end in
      guard end != nil else { return false }
      defer { next += 1 }
      return owners[next].map(users.contains) ?? false
    }
  }

  /// The answer for a connection from another user.
  static let refusal = HTTPResponse(
    status: 403, contentType: "text/html; charset=utf-8",
    text: """
      <!doctype html><html><head><meta charset="utf-8"><title>Forbidden</title></head>
      <body><p>This tractok answers only the user running it. The connection came from \
      another user of this machine, so it was not read.</p></body></html>

      """)
}
