import Foundation
import Testing

@testable import Domain

#if canImport(Glibc)
  import Glibc
#endif

@Suite("The owner of a real loopback connection's other end, from sock_diag and from /proc/net")
struct SocketOwnerTests {
  /// A connected client socket to a server that never answers, and its two ends as the
  /// server sees them (the client's end is the server's peer).
  static func connection(ipv6: Bool = false) throws -> (
    fd: Int32, peer: SocketEndpoint, local: SocketEndpoint, server: LoopbackServer
  ) {
    let limits = LoopbackServer.Limits(headDeadline: 900, readDeadline: 900)
    let server = try LoopbackServer(interfaces: ipv6 ? [.ipv6] : [.ipv4], limits: limits) { _ in
      HTTPResponse(status: 200)
    }
    let fd = RawSocket.connectLoopback(port: server.port, ipv6: ipv6)
    let peer = try #require(SocketEndpoint.of(fd, peer: false))
    let local = try #require(SocketEndpoint.of(fd, peer: true))
    return (fd, peer, local, server)
  }

  @Test(
    "sock_diag and the /proc/net tables both name this process's user, on 127.0.0.1 and on ::1",
    arguments: [false, true])
  func ownerOfRealConnection(ipv6: Bool) throws {
    guard !ipv6 || LoopbackServerTests.hasIPv6Loopback else { return }
    let (fd, peer, local, server) = try Self.connection(ipv6: ipv6)
    defer {
      close(fd)
      server.stop()
    }
    let diag = try #require(SockDiag())
    #expect(diag.owner(of: peer, connectedTo: local) == .owner(geteuid()))
    #expect(ProcNetTCP.owners(of: [(peer, local)]) == [geteuid()])
    #expect(LoopbackAccess.owners(of: [(peer, local)]) == [geteuid()])
  }

  @Test("a connection nobody holds has no owner, and a batch still answers for the others")
  func missingPeer() throws {
    let (fd, peer, local, server) = try Self.connection()
    defer {
      close(fd)
      server.stop()
    }
    let gone = try #require(SocketEndpoint(address: [127, 0, 0, 1], port: peer.port &+ 1))
    let diag = try #require(SockDiag())
    #expect(diag.owner(of: gone, connectedTo: local) == .missing)
    #expect(ProcNetTCP.owners(of: [(gone, local), (peer, local)]) == [nil, geteuid()])
    #expect(LoopbackAccess.owners(of: [(gone, local), (peer, local)]) == [nil, geteuid()])
  }

  @Test("a connection the client closed first (time-wait, uid 0 in the kernel) has no owner")
  func timeWaitHasNoOwner() async throws {
    let (fd, peer, local, server) = try Self.connection()
    defer { server.stop() }
    // The client closes first; once the server has closed its end too, the client's socket
    // waits in time-wait for a minute.
    close(fd)
    let waiting = await eventually(timeout: 10) {
      ProcNetTCP.currentEntries().contains {
        $0.local == peer && $0.remote == local && $0.state == 0x06
      }
    }
    try #require(waiting)
    let diag = try #require(SockDiag())
    #expect(diag.owner(of: peer, connectedTo: local) == .missing)
    #expect(LoopbackAccess.owners(of: [(peer, local)]) == [nil])
  }
}
