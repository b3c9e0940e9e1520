import Domain
import Foundation
import Synchronization
import Testing

@Suite("URLSession transport over loopback")
struct URLSessionTransportTests {
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
    let transport = URLSessionTransport()
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
    let result = await URLSessionTransport().send(
      ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/v2/user/info/", timeout: 1)
    )
    #expect(result.failure == .timedOut)
  }

  @Test("a refused connection is reported as never sent")
  func refused() async throws {
    let server = try LoopbackServer { _ in HTTPResponse(status: 200) }
    let port = server.port
    server.stop()
    let result = await URLSessionTransport().send(
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
    let result = await URLSessionTransport(maximumBodyBytes: 100).send(
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
    let result = await URLSessionTransport().send(
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
    let transport = URLSessionTransport()
    let task = Task {
      await transport.send(
        ClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", timeout: 60))
    }
    task.cancel()
    #expect(await task.value.failure == .cancelled)
  }
}
