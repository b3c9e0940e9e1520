import Domain
import Foundation
import Storage
import Testing

@Suite("HTTP client: keep-alive connections and their reuse")
struct HTTPClientKeepAliveTests {
  static func url(_ server: ScriptedServer, _ path: String) -> String {
    "http://127.0.0.1:\(server.port)\(path)"
  }

  /// A transport that reuses idle connections for `unrepeatable` seconds for POST (a loaded
  /// machine may take seconds between two calls; these tests are about reuse, not the window).
  static func transport(unrepeatable: TimeInterval = 600) -> HTTPClientTransport {
    var limits = HTTPClientTransport.Limits()
    limits.idleReuse = 600
    limits.idleReuseUnrepeatable = unrepeatable
    return HTTPClientTransport(tls: OpenSSLTLS(), limits: limits)
  }

  @Test("a burst of calls to one server travels over one connection")
  func burstReusesOne() async throws {
    let server = ScriptedServer { seen in .send(ScriptedServer.response(200, seen.request.target)) }
    defer { server.stop() }
    let transport = Self.transport()
    for index in 0..<5 {
      let request = ClientRequest(
        method: "POST", url: Self.url(server, "/v2/oauth/token/\(index)"), body: Array("x".utf8))
      let response = try await transport.send(request).get()
      #expect(response.body == Array("/v2/oauth/token/\(index)".utf8))
    }
    #expect(server.acceptedConnections == 1)
    #expect(server.requests.map(\.connection) == [1, 1, 1, 1, 1])
  }

  @Test("an answer with Connection: close, or from HTTP/1.0, is not followed by reuse")
  func closeIsHonoured() async throws {
    let server = ScriptedServer { seen in
      seen.request.target == "/close"
        ? .send(ScriptedServer.response(200, "bye", headers: [("Connection", "close")]))
        : .send(Array("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8))
    }
    defer { server.stop() }
    let transport = Self.transport()
    for path in ["/close", "/old", "/close"] {
      _ = try await transport.send(ClientRequest(method: "GET", url: Self.url(server, path))).get()
    }
    #expect(server.acceptedConnections == 3)
  }

  @Test("a POST reuses only a connection idle less than its window, a GET one idle longer")
  func unrepeatableWindow() async throws {
    let server = ScriptedServer { _ in .send(ScriptedServer.response(200, "ok")) }
    defer { server.stop() }
    let transport = Self.transport(unrepeatable: 0)
    for method in ["POST", "POST", "GET", "GET"] {
      let request = ClientRequest(method: method, url: Self.url(server, "/"), body: [])
      _ = try await transport.send(request).get()
    }
    // Each POST opened its own connection; the first GET reused the second POST's.
    #expect(server.requests.map(\.connection) == [1, 2, 2, 2])
  }

  /// Sends `second` on a connection kept from a first GET, which the server then drops
  /// without a word when `second` arrives on it (any later connection answers).
  static func afterDroppedConnection(_ second: (String) -> ClientRequest) async throws -> (
    Result<HTTPResponse, TransportFailure>, ScriptedServer
  ) {
    let server = ScriptedServer { seen in
      seen.connection == 1 && seen.request.target == "/second"
        ? .hangUp : .send(ScriptedServer.response(200, "fine"))
    }
    let transport = Self.transport()
    _ = try await transport.send(ClientRequest(method: "GET", url: Self.url(server, "/first")))
      .get()
    let result = await transport.send(second(Self.url(server, "/second")))
    server.stop()
    return (result, server)
  }

  @Test("a GET on a kept connection the server dropped is sent again on a new one")
  func repeatableRetried() async throws {
    let (result, server) = try await Self.afterDroppedConnection { url in
      ClientRequest(method: "GET", url: url)
    }
    #expect(try result.get().body == Array("fine".utf8))
    #expect(server.requests.map(\.connection) == [1, 1, 2])
  }

  @Test("a POST the dropped connection may have delivered is not sent twice")
  func unrepeatableNotRetried() async throws {
    let (result, server) = try await Self.afterDroppedConnection { url in
      ClientRequest(method: "POST", url: url, body: Array("r".utf8))
    }
    #expect(result.failure == .interrupted("the server closed the connection without answering"))
    #expect(server.requests.map(\.request.target) == ["/first", "/second"])
  }

  @Test("a connection the server closed while idle is not used again")
  func staleSkipped() async throws {
    // Closed after each answer although the answer does not say so.
    let server = ScriptedServer { _ in .sendAndClose(ScriptedServer.response(200, "ok")) }
    defer { server.stop() }
    let transport = Self.transport()
    for round in 1...3 {
      let request = ClientRequest(method: "POST", url: Self.url(server, "/"), body: Array("r".utf8))
      #expect(try await transport.send(request).get().body == Array("ok".utf8))
      #expect(await eventually { server.closedConnections == round })
    }
    #expect(server.acceptedConnections == 3)
  }

  @Test("concurrent calls never share a connection: each gets its own answer")
  func concurrentCallers() async throws {
    let server = ScriptedServer { seen in
      Thread.sleep(forTimeInterval: 0.02)
      return .send(ScriptedServer.response(200, seen.request.target))
    }
    defer { server.stop() }
    let transport = Self.transport()
    for round in 0..<3 {
      let bodies = await withTaskGroup(of: (String, String).self) { group in
        for index in 0..<8 {
          let path = "/r\(round)/c\(index)"
          group.addTask {
            let result = await transport.send(
              ClientRequest(method: "GET", url: Self.url(server, path)))
            return (
              path, (try? result.get()).map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            )
          }
        }
        var all: [(String, String)] = []
        for await pair in group { all.append(pair) }
        return all
      }
      #expect(bodies.count == 8)
      for (path, body) in bodies { #expect(body == path) }
    }
    // Idle connections beyond the pool's four per origin are closed, not kept.
    #expect(server.acceptedConnections <= 8 + 4 + 4)
  }
}
