import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite("HTTPS calls against a local TLS server: bodies, deadlines, proxy, keep-alive")
struct HTTPSTransportTests {
  static func get(_ server: TLSTestServer, _ path: String, timeout: TimeInterval = 10)
    -> ClientRequest
  {
    ClientRequest(
      method: "GET", url: "https://localhost:\(server.ports.good)\(path)", timeout: timeout)
  }

  @Test("Content-Length and chunked bodies arrive whole")
  func bodies() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let transport = server.transport()
    #expect(
      try await transport.send(Self.get(server, "/length")).get().body == Array("length body".utf8))
    #expect(
      try await transport.send(Self.get(server, "/chunked")).get().body
        == Array("chunked body".utf8))
  }

  @Test("a body cut short, by length or by chunks, is an error")
  func truncated() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let transport = server.transport()
    #expect(
      await transport.send(Self.get(server, "/truncated")).failure
        == .interrupted("the answer ended after 10 of its 100 bytes"))
    #expect(
      await transport.send(Self.get(server, "/truncated-chunked")).failure
        == .interrupted("the answer ended before its last chunk"))
  }

  @Test("a body over the size limit is an error")
  func oversized() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let transport = server.transport(maximumBodyBytes: 1000)
    #expect(await transport.send(Self.get(server, "/big")).failure == .responseTooLarge)
  }

  @Test("a server that stalls in the middle of its answer ends at the deadline")
  func stalled() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let result = await server.transport().send(Self.get(server, "/stall", timeout: 1))
    #expect(result.failure == .timedOut)
  }

  @Test("HTTPS_PROXY is used through CONNECT, with its credentials as Basic authorization")
  func proxied() async throws {
    let credentials = "Basic " + Data("ann:s3cret".utf8).base64EncodedString()
    let server = try TLSTestServer(proxyAuthorization: credentials)
    defer { server.stop() }
    let proxy = ProxySettings.from(environment: [
      "HTTPS_PROXY": "http://ann:s3cret@127.0.0.1:\(server.ports.proxy)"
    ])
    let response = try await server.transport(proxy: proxy).send(Self.get(server, "/length")).get()
    #expect(response.body == Array("length body".utf8))
    let stats = try server.stats()
    #expect(stats.connects == ["localhost:\(server.ports.good)"])
    #expect(stats.proxyAuthorization == [credentials])
  }

  @Test("a proxy that refuses the credentials is reported as such, nothing sent")
  func proxyRefuses() async throws {
    let server = try TLSTestServer(proxyAuthorization: "Basic b3RoZXI6b25l")
    defer { server.stop() }
    let proxy = ProxySettings.from(environment: ["https_proxy": "127.0.0.1:\(server.ports.proxy)"])
    let result = await server.transport(proxy: proxy).send(Self.get(server, "/length"))
    guard case .notSent(let why) = result.failure else {
      Issue.record("expected a refusal, got \(result)")
      return
    }
    #expect(why.hasPrefix("the proxy asks for credentials (HTTP 407)"))
    #expect(try server.stats().connections["good"] == nil)
  }

  @Test("NO_PROXY hosts are reached directly")
  func exempt() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let proxy = ProxySettings.from(environment: [
      "HTTPS_PROXY": "http://127.0.0.1:\(server.ports.proxy)", "NO_PROXY": "example.org,localhost",
    ])
    let response = try await server.transport(proxy: proxy).send(Self.get(server, "/length")).get()
    #expect(response.body == Array("length body".utf8))
    let stats = try server.stats()
    #expect(stats.connects.isEmpty)
    #expect(stats.connections["proxy"] == nil)
    #expect(stats.connections["good"] == 1)
  }

  @Test("a burst of refreshes travels over one TLS connection")
  func keepAlive() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let client = server.tikTokClient("localhost", server.ports.good)
    for number in 1...5 {
      let rotated = try await client.refreshTokens(.of("rft.\(number)")).get()
      #expect(rotated.accessToken == Secret("act.tls\(number)"))
    }
    let stats = try server.stats()
    #expect(stats.grants == 5)
    #expect(stats.connections["good"] == 1)
  }
}
