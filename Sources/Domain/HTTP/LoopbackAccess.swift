import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Which local users a loopback server answers. Loopback is shared by every user of the
/// machine, so a connection is served only when the socket at its other end belongs to one of
/// `users` (the kernel says who owns it); anyone else gets a short 403 page and nothing they
/// send is read.
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
    let owners = Self.owners(of: ends.compactMap { $0 })
    var next = 0
    return ends.map { end in
      guard end != nil else { return false }
      defer { next += 1 }
      return owners[next].map(users.contains) ?? false
    }
  }

  /// Who owns the other end of each connection: sock_diag, or the `/proc/net` tables where
  /// sock_diag cannot answer for TCP. nil where nobody does (the peer is gone).
  static func owners(of connections: [(peer: SocketEndpoint, local: SocketEndpoint)]) -> [UInt32?] {
    guard let diag = SockDiag() else { return ProcNetTCP.owners(of: connections) }
    var owners: [UInt32?] = []
    for connection in connections {
      switch diag.owner(of: connection.peer, connectedTo: connection.local) {
      case .owner(let uid): owners.append(uid)
      case .missing:
        // The peer may be gone, or this kernel's sock_diag may not know TCP (no tcp_diag):
        // our own end, which certainly exists, tells which.
        guard diag.owner(of: connection.local, connectedTo: connection.peer) != .missing else {
          return ProcNetTCP.owners(of: connections)
        }
        owners.append(nil)
      }
    }
    return owners
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
