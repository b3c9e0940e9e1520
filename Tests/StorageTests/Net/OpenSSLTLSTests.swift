import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite("TLS over OpenSSL: certificates and handshakes against a local TLS server")
struct OpenSSLTLSTests {
  static func get(_ host: String, _ port: Int, _ path: String = "/length") -> ClientRequest {
    ClientRequest(method: "GET", url: "https://\(host):\(port)\(path)", timeout: 10)
  }

  @Test(
    "a certificate from the trusted authority works by address and by name, SNI only for the name")
  func good() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let transport = server.transport()
    for host in ["127.0.0.1", "localhost"] {
      let response = try await transport.send(Self.get(host, server.ports.good)).get()
      #expect(response.status == 200)
      #expect(response.body == Array("length body".utf8))
    }
    #expect(try server.stats().sni == ["", "localhost"])
  }

  @Test("a certificate for another host name is refused, naming the problem")
  func wrongHost() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let result = await server.transport().send(Self.get("127.0.0.1", server.ports.wrongHost))
    #expect(
      result.failure
        == .untrusted("the certificate presented by 127.0.0.1 is for another host name"))
  }

  @Test("an expired certificate is refused, naming the problem")
  func expired() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let result = await server.transport().send(Self.get("localhost", server.ports.expired))
    #expect(result.failure == .untrusted("the certificate of localhost has expired"))
  }

  @Test("a certificate from an authority not in the trust store is refused, naming the store")
  func untrusted() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let result = await server.transport().send(Self.get("127.0.0.1", server.ports.untrusted))
    guard case .untrusted(let why) = result.failure else {
      Issue.record("expected an untrusted certificate, got \(result)")
      return
    }
    #expect(why.hasPrefix("the certificate of 127.0.0.1 is not from a trusted authority"))
    #expect(why.contains("SSL_CERT_FILE"))
  }

  @Test("a refused certificate reaches TikTok's client as a network failure, not retried at once")
  func refusedNotRetried() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let result = await server.tikTokClient("127.0.0.1", server.ports.expired)
      .refreshTokens(.of("rft.1"))
    guard case .failure(let error) = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(error == .network("the certificate of 127.0.0.1 has expired"))
    #expect(error.message == "could not reach TikTok: the certificate of 127.0.0.1 has expired")
    // The refresh engine tries again later (a captive portal passes, a trust store gets fixed).
    #expect(error.isTransient)
    #expect(try server.stats().connections["expired"] == 1)
  }

  @Test("a server that never completes the handshake ends at the deadline, as not sent")
  func stalledHandshake() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    // The proxy port speaks plain HTTP: it waits for a request head that never comes.
    var request = Self.get("127.0.0.1", server.ports.proxy)
    request.timeout = 1
    let result = await server.transport().send(request)
    #expect(result.failure == .notSent("the TLS handshake with 127.0.0.1 timed out"))
  }

  @Test(
    "the trust store is the system's unless a file is given: the test authority is unknown there")
  func systemTrust() async throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let result = await HTTPClientTransport(tls: OpenSSLTLS()).send(
      Self.get("127.0.0.1", server.ports.good))
    guard case .untrusted = result.failure else {
      Issue.record("expected an untrusted certificate, got \(result)")
      return
    }
  }
}
