import Domain
import Foundation
import Storage
import Testing

@Suite("HTTP client: framing, failures and deadlines over loopback")
struct HTTPClientTransportTests {
  static func transport(maximumBodyBytes: Int = 1 << 20) -> HTTPClientTransport {
    var limits = HTTPClientTransport.Limits()
    limits.maximumBodyBytes = maximumBodyBytes
    return HTTPClientTransport(tls: OpenSSLTLS(), limits: limits, userAgent: "tractok-test")
  }

  static func get(_ server: ScriptedServer, _ path: String = "/", timeout: TimeInterval = 10)
    -> ClientRequest
  {
    ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)\(path)", timeout: timeout)
  }

  @Test("a request reaches the server with its method, headers and body, and the answer returns")
  func roundTrip() async throws {
    let server = ScriptedServer { _ in
      .send(ScriptedServer.response(200, "{\"ok\":true}", headers: [("X-Tt-Logid", "L9")]))
    }
    defer { server.stop() }
    let result = await Self.transport().send(
      ClientRequest(
        method: "POST", url: "http://127.0.0.1:\(server.port)/v2/oauth/token/?a=1",
        headers: [("Content-Type", "application/x-www-form-urlencoded")],
        body: Array("code=x%2Ay".utf8), timeout: 10))
    let response = try result.get()
    #expect(response.status == 200)
    #expect(response.body == Array("{\"ok\":true}".utf8))
    #expect(response.header("x-tt-logid") == "L9")
    let request = try #require(server.requests.first?.request)
    #expect(request.method == "POST")
    #expect(request.target == "/v2/oauth/token/?a=1")
    #expect(request.header("Host") == "127.0.0.1:\(server.port)")
    #expect(request.header("Content-Length") == "10")
    #expect(request.header("User-Agent") == "tractok-test")
    #expect(request.body == Array("code=x%2Ay".utf8))
  }

  @Test("a chunked body is put together, extensions and trailers read past")
  func chunked() async throws {
    let wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "4;name=x\r\n{\"a\"\r\nA\r\n:\"0123456\"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n"
    let server = ScriptedServer { _ in .send(Array(wire.utf8)) }
    defer { server.stop() }
    let response = try await Self.transport().send(Self.get(server)).get()
    #expect(String(decoding: response.body, as: UTF8.self) == "{\"a\":\"0123456\"}")
  }

  @Test("interim 100 answers are skipped and the final answer returned")
  func interim() async throws {
    let wire = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8) + ScriptedServer.response(201, "made")
    let server = ScriptedServer { _ in .send(wire) }
    defer { server.stop() }
    let response = try await Self.transport().send(Self.get(server)).get()
    #expect(response.status == 201)
    #expect(response.body == Array("made".utf8))
  }

  @Test("a body cut short of its Content-Length is an interrupted call, not a short answer")
  func truncatedLength() async {
    let wire = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"access_to"
    let server = ScriptedServer { _ in .sendAndClose(Array(wire.utf8)) }
    defer { server.stop() }
    let result = await Self.transport().send(Self.get(server))
    #expect(result.failure == .interrupted("the answer ended after 11 of its 100 bytes"))
  }

  @Test("a chunked body cut before its last chunk is an interrupted call")
  func truncatedChunks() async {
    let wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
    let server = ScriptedServer { _ in .sendAndClose(Array(wire.utf8)) }
    defer { server.stop() }
    let result = await Self.transport().send(Self.get(server))
    #expect(result.failure == .interrupted("the answer ended before its last chunk"))
  }

  @Test(
    "answers over the size cap are refused, whatever their framing",
    arguments: [
      "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1388\r\n",
      "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
    ])
  func tooLarge(head: String) async {
    let server = ScriptedServer { _ in
      .sendAndClose(Array(head.utf8) + Array(repeating: UInt8(ascii: "x"), count: 5000))
    }
    defer { server.stop() }
    let result = await Self.transport(maximumBodyBytes: 100).send(Self.get(server))
    #expect(result.failure == .responseTooLarge)
  }

  @Test("a body delimited by the close is read to the end")
  func untilClose() async throws {
    let server = ScriptedServer { _ in
      .sendAndClose(Array("HTTP/1.0 200 OK\r\n\r\nall of it".utf8))
    }
    defer { server.stop() }
    let response = try await Self.transport().send(Self.get(server)).get()
    #expect(response.body == Array("all of it".utf8))
  }

  @Test("a server that never answers ends at the call's deadline")
  func stalledHead() async {
    let server = ScriptedServer { _ in .stall([]) }
    defer { server.stop() }
    let result = await Self.transport().send(Self.get(server, timeout: 0.5))
    #expect(result.failure == .timedOut)
  }

  @Test("a body that stalls halfway, trickling, ends at the call's deadline")
  func stalledBody() async {
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{\"access"
    let server = ScriptedServer { _ in .stall(Array(head.utf8)) }
    defer { server.stop() }
    let result = await Self.transport().send(Self.get(server, timeout: 1))
    #expect(result.failure == .timedOut)
  }

  @Test("a refused connection is reported as never sent")
  func refused() async {
    let server = ScriptedServer { _ in .hangUp }
    let port = server.port
    server.stop()
    #expect(await eventually { RawSocket.connectLoopback(port: port).closingIfOpen() })
    let result = await Self.transport().send(
      ClientRequest(method: "POST", url: "http://127.0.0.1:\(port)/v2/oauth/token/", timeout: 5))
    #expect(result.failure == .notSent("connection refused"))
  }

  @Test("redirects are not followed, so a bearer token never travels elsewhere")
  func noRedirects() async throws {
    let server = ScriptedServer { _ in
      .send(ScriptedServer.response(302, headers: [("Location", "/elsewhere")]))
    }
    defer { server.stop() }
    var request = Self.get(server, "/v2/user/info/")
    request.headers = [("Authorization", "Bearer act.1")]
    #expect(try await Self.transport().send(request).get().status == 302)
    #expect(server.requests.map(\.request.target) == ["/v2/user/info/"])
  }

  @Test("a cancelled call returns at once as cancelled")
  func cancellation() async {
    let server = ScriptedServer { _ in .stall([]) }
    defer { server.stop() }
    let transport = Self.transport()
    let task = Task { await transport.send(Self.get(server, timeout: 60)) }
    task.cancel()
    #expect(await task.value.failure == .cancelled)
  }

  @Test(
    "a header that could split the request is refused before anything is sent",
    arguments: ["Bearer a\r\nX-Evil: 1", "Bearer a\nb"])
  func headerInjection(value: String) async {
    let server = ScriptedServer { _ in .send(ScriptedServer.response()) }
    defer { server.stop() }
    var request = Self.get(server)
    request.headers = [("Authorization", value)]
    #expect(await Self.transport().send(request).failure == .notSent("invalid request header"))
    #expect(server.acceptedConnections == 0)
  }

  @Test("a malformed status line is an interrupted call naming what was wrong")
  func malformed() async {
    let server = ScriptedServer { _ in .sendAndClose(Array("HTTP/2 200\r\n\r\n".utf8)) }
    defer { server.stop() }
    let result = await Self.transport().send(Self.get(server))
    #expect(result.failure == .interrupted("the answer had a malformed status line"))
  }
}
