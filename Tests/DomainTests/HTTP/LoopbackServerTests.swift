import Domain
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Loopback server: who it answers, where it listens, room for the real request")
struct LoopbackServerTests {
  static let hasIPv6Loopback: Bool = {
    guard let server = try? LoopbackServer(interfaces: [.ipv6], handler: { _ in HTTPResponse(status: 200) })
    else { return false }
    server.stop()
    return true
  }()

  static func get(_ port: Int) -> [UInt8] {
    Array("GET /x HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
  }

  /// A server that counts the requests its handler saw.
  static func counting(
    access: LoopbackAccess = .currentUser(), interfaces: Set<LoopbackInterface> = [.ipv4],
    limits: LoopbackServer.Limits = LoopbackServer.Limits()
  ) throws -> (LoopbackServer, Shared<Int>) {
    let seen = Shared(0)
    let server = try LoopbackServer(interfaces: interfaces, access: access, limits: limits) { _ in
      seen.withLock { $0 += 1 }
      return HTTPResponse(status: 200, contentType: "text/plain", text: "ok\n")
    }
    return (server, seen)
  }

  @Test("a connection from a user it does not admit gets 403 and its request is never handled")
  func refusesOtherUsers() async throws {
    let (server, seen) = try Self.counting(access: LoopbackAccess(users: [geteuid() &+ 1]))
    defer { server.stop() }
    let port = server.port
    let exchange = await onThreads([0], workers: 1) { _ in RawSocket.exchange(port: port, bytes: Self.get(port)) }[0]
    #expect(exchange.status == 403)
    #expect(exchange.body.contains("answers only the user running it"))
    #expect(seen.value == 0)
  }

  @Test("a connection from the user running it is answered")
  func admitsOwnUser() async throws {
    let (server, seen) = try Self.counting()
    defer { server.stop() }
    let port = server.port
    let exchange = await onThreads([0], workers: 1) { _ in RawSocket.exchange(port: port, bytes: Self.get(port)) }[0]
    #expect(exchange.status == 200)
    #expect(seen.value == 1)
  }

  @Test("an answer to its own user names the server's pid; a refusal to another user does not")
  func namesPidToOwnUser() async throws {
    let (own, _) = try Self.counting()
    let (foreign, _) = try Self.counting(access: LoopbackAccess(users: [geteuid() &+ 1]))
    defer {
      own.stop()
      foreign.stop()
    }
    let ports = [own.port, foreign.port]
    let answers = await onThreads(ports, workers: 2) { RawSocket.exchange(port: $0, bytes: Self.get($0)) }
    let heads = answers.map { String(decoding: $0.response, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0] }
    #expect(PortHolder.pid(inResponseHead: heads[0]) == getpid())
    #expect(answers[1].status == 403)
    #expect(PortHolder.pid(inResponseHead: heads[1]) == nil)
  }

  @Test("when every slot is taken by idle connections, the oldest is cut and the new request answered")
  func evictsOldestIdle() async throws {
    // Deadlines far beyond any load this machine sees: only eviction can close a connection.
    let limits = LoopbackServer.Limits(headDeadline: 900, readDeadline: 900, maximumConnections: 4)
    let (server, seen) = try Self.counting(limits: limits)
    defer { server.stop() }
    let port = server.port
    let idle = (0..<4).map { _ in RawSocket.connectLoopback(port: port) }
    defer { idle.forEach { close($0) } }
    #expect(idle.allSatisfy { $0 >= 0 })
    let exchange = await onThreads([0], workers: 1) { _ in RawSocket.exchange(port: port, bytes: Self.get(port)) }[0]
    #expect(exchange.status == 200)
    #expect(seen.value == 1)
    #expect(RawSocket.waitReadable(idle[0], seconds: 10))
    #expect(!RawSocket.waitReadable(idle[3], seconds: 0))
  }

  @Test("when every slot is answering a request, a new connection is told the server is busy")
  func busyWhenAllAnswering() async throws {
    let release = DispatchSemaphore(value: 0)
    let started = Shared(0)
    let server = try LoopbackServer(limits: LoopbackServer.Limits(maximumConnections: 2)) { _ in
      started.withLock { $0 += 1 }
      release.wait()
      return HTTPResponse(status: 200)
    }
    defer { server.stop() }
    let port = server.port
    // Plain threads: the two held requests must start even while the test pool is busy.
    let held = Shared<[Int?]>([])
    for _ in 0..<2 {
      Thread {
        let status = RawSocket.exchange(port: port, bytes: Self.get(port)).status
        held.withLock { $0.append(status) }
      }.start()
    }
    #expect(await eventually(timeout: 60) { started.value == 2 })
    let third = await onThreads([0], workers: 1) { _ in RawSocket.exchange(port: port, bytes: Self.get(port)) }[0]
    #expect(third.status == 503)
    release.signal()
    release.signal()
    #expect(await eventually(timeout: 60) { held.value == [200, 200] })
  }

  @Test("a request head that does not arrive within the head deadline gets 408")
  func headDeadline() async throws {
    let limits = LoopbackServer.Limits(headDeadline: 0.3, readDeadline: 900)
    let (server, seen) = try Self.counting(limits: limits)
    defer { server.stop() }
    let port = server.port
    let partial = Array("GET /x HTTP/1.1\r\nHost: 127.0.0.1".utf8)
    let exchange = await onThreads([0], workers: 1) { _ in RawSocket.exchange(port: port, bytes: partial, safety: 120) }[0]
    #expect(exchange.status == 408)
    #expect(seen.value == 0)
  }

  @Test("asked for both, it listens on 127.0.0.1 and ::1 on one port and answers the user on each",
    .enabled(if: hasIPv6Loopback, "needs ::1"))
  func bothInterfaces() async throws {
    let (server, seen) = try Self.counting(interfaces: [.ipv4, .ipv6])
    defer { server.stop() }
    #expect(server.interfaces == [.ipv4, .ipv6])
    let port = server.port
    let answers = await onThreads([false, true], workers: 1) { ipv6 in
      RawSocket.exchange(port: port, bytes: Self.get(port), ipv6: ipv6).status
    }
    #expect(answers == [200, 200])
    #expect(seen.value == 2)
  }

  @Test("a port whose ::1 side another socket holds is refused, naming that address",
    .enabled(if: hasIPv6Loopback, "needs ::1"))
  func ipv6Taken() throws {
    let squatter = try LoopbackServer(interfaces: [.ipv6]) { _ in HTTPResponse(status: 200) }
    defer { squatter.stop() }
    #expect(throws: LoopbackServerError.addressInUse(.ipv6, port: squatter.port)) {
      try LoopbackServer(port: squatter.port, interfaces: [.ipv4, .ipv6]) { _ in HTTPResponse(status: 200) }
    }
    #expect(throws: Never.self) {
      try LoopbackServer(port: squatter.port, interfaces: [.ipv4]) { _ in HTTPResponse(status: 200) }.stop()
    }
  }
}
