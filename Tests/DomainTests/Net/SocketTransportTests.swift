import Foundation
import Synchronization
import Testing

@testable import Domain

@Suite("Socket transport over loopback")
struct SocketTransportTests {
  @Test("a request reaches the server with its method, headers and body, and the answer returns")
  func roundTrip() async throws {
    let seen = Shared<HTTPRequest?>(nil)
    let server = try LoopbackServer { request in
      seen.withLock { $0 = request }
      return HTTPResponse(
        status: 200, contentType: "application/json", text: "{\"ok\":true}",
        headers: [("X-Tt-Logid", "L9")])
    }
    defer { server.stop() }
    let transport = SocketTransport(tls: nil)
    let result = await transport.send(
      ClientRequest(
        method: "POST", url: "http://127.0.0.1:\(server.port)/v2/oauth/token/?a=1",
        headers: [("Content-Type", "application/x-www-form-urlencoded")],
        body: Array("code=x%2Ay".utf8), timeout: 10))
    let response = try result.get()
    #expect(response.status == 200)
    #expect(response.body == Array("{\"ok\":true}".utf8))
    #expect(response.header("x-tt-logid") == "L9")
    let request = try #require(seen.value)
    #expect(request.method == "POST")
    #expect(request.target == "/v2/oauth/token/?a=1")
    #expect(request.body == Array("code=x%2Ay".utf8))
  }

  @Test("a body that stalls halfway, trickling, ends at the call's deadline")
  func stalledBody() async {
    let head =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"access"
    let server = StallingServer(answer: Array(head.utf8))
    defer { server.stop() }
    let result = await SocketTransport(tls: nil).send(
      ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/v2/user/info/", timeout: 1)
    )
    #expect(result.failure == .timedOut)
  }

  @Test("a refused connection is reported as never sent")
  func refused() async throws {
    let server = try LoopbackServer { _ in HTTPResponse(status: 200) }
    let port = server.port
    server.stop()
    let result = await SocketTransport(tls: nil).send(
      ClientRequest(method: "POST", url: "http://127.0.0.1:\(port)/v2/oauth/token/", timeout: 5))
    #expect(result.failure == .notSent("connection refused"))
  }

  @Test("an answer over the size cap is cut off")
  func tooLarge() async throws {
    let server = try LoopbackServer { _ in
      HTTPResponse(
        status: 200, contentType: "text/plain", text: String(repeating: "x", count: 5000))
    }
    defer { server.stop() }
    let result = await SocketTransport(tls: nil, maximumBodyBytes: 100).send(
      ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", timeout: 10))
    #expect(result.failure == .responseTooLarge)
  }

  @Test("redirects are not followed, so a bearer token never travels elsewhere")
  func noRedirects() async throws {
    let hits = Shared(0)
    let server = try LoopbackServer { request in
      hits.withLock { $0 += 1 }
      return HTTPResponse(status: 302, headers: [("Location", "/elsewhere")])
    }
    defer { server.stop() }
    let result = await SocketTransport(tls: nil).send(
      ClientRequest(
        method: "GET", url: "http://127.0.0.1:\(server.port)/v2/user/info/",
        headers: [("Authorization", "Bearer act.1")], timeout: 10))
    #expect(try result.get().status == 302)
    #expect(hits.value == 1)
  }

  @Test("a cancelled call returns at once as cancelled")
  func cancellation() async {
    let server = StallingServer(answer: [])
    defer { server.stop() }
    let transport = SocketTransport(tls: nil)
    let task = Task {
      await transport.send(
        ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", timeout: 60))
    }
    task.cancel()
    #expect(await task.value.failure == .cancelled)
  }

  @Test("a chunked answer is put back together, chunk extensions and trailers ignored")
  func chunkedBody() async throws {
    let answer =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "5;note=x\r\n{\"ok\"\r\n6\r\n:true}\r\n0\r\nX-Trailer: 1\r\n\r\n"
    let server = StallingServer(answer: Array(answer.utf8))
    defer { server.stop() }
    let result = await SocketTransport(tls: nil).send(
      ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", timeout: 10))
    #expect(try result.get().body == Array("{\"ok\":true}".utf8))
  }

  @Test("a header value with a line break is refused before anything is sent")
  func headerInjection() async throws {
    let hits = Shared(0)
    let server = try LoopbackServer { _ in
      hits.withLock { $0 += 1 }
      return HTTPResponse(status: 200)
    }
    defer { server.stop() }
    let result = await SocketTransport(tls: nil).send(
      ClientRequest(
        method: "GET", url: "http://127.0.0.1:\(server.port)/",
        headers: [("Authorization", "Bearer act.1\r\nX-Evil: 1")], timeout: 10))
    #expect(result.failure == .notSent("invalid header"))
    #expect(hits.value == 0)
  }

  @Test("URLs that are not http or https, or carry credentials, are never sent")
  func invalidURLs() async {
    for url in ["ftp://127.0.0.1/", "http://user:pw@127.0.0.1/", "not a url", "http:///x"] {
      let result = await SocketTransport(tls: nil).send(
        ClientRequest(method: "GET", url: url, timeout: 5))
      #expect(result.failure == .notSent("invalid URL"), "\(url)")
    }
  }

  @Test("without a TLS connector an https URL fails as never sent")
  func httpsNeedsTLS() async throws {
    let server = try LoopbackServer { _ in HTTPResponse(status: 200) }
    defer { server.stop() }
    let result = await SocketTransport(tls: nil).send(
      ClientRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/", timeout: 5))
    #expect(result.failure == .notSent("https is not available"))
  }

  @Test("the request head names the host and port and frames the body itself")
  func requestHead() throws {
    let target = try #require(RequestTarget("https://open.tiktokapis.com/v2/oauth/token/?a=%2F"))
    let head = SocketTransport.head(
      ClientRequest(
        method: "POST", url: "", headers: [("Content-Length", "99"), ("Accept", "*/*")],
        body: Array("x=1".utf8)), target)
    #expect(
      head
        == "POST /v2/oauth/token/?a=%2F HTTP/1.1\r\nHost: open.tiktokapis.com\r\n"
        + "Accept: */*\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
    #expect(RequestTarget("http://127.0.0.1:8080")?.hostHeader == "127.0.0.1:8080")
    #expect(RequestTarget("http://127.0.0.1:8080")?.path == "/")
  }
}
