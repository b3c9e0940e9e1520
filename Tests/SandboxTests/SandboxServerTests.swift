import Domain
import Foundation
import Sandbox
import Storage
import Testing

@Suite("Sandbox server")
struct SandboxServerTests {
  @Test("it listens on 127.0.0.1 and says how to point tractok at it")
  func environment() throws {
    let server = try SandboxServer(digest: OpenSSLDigest())
    defer { server.stop() }
    #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
    #expect(server.port > 0)
    let hint = server.environmentHint().split(separator: "\n").map(String.init)
    #expect(
      hint == [
        "export TIKTOK_CLIENT_KEY=sbx_tractok_desktop",
        "export TIKTOK_CLIENT_SECRET=sbx_secret_not_for_production",
        "export TIKTOK_AUTH_BASE_URL=\(server.baseURL)",
        "export TIKTOK_API_BASE_URL=\(server.baseURL)",
      ])
    #expect(server.accounts == SandboxCatalog.accounts)
  }

  @Test("tractok's HTTP client talks to it like to TikTok")
  func httpClient() async throws {
    let sandbox = try SandboxHarness()
    let tokens = try #require(sandbox.connect())
    let request = ClientRequest(
      method: "POST", url: sandbox.server.baseURL + "/v2/oauth/token/",
      headers: [("Content-Type", "application/x-www-form-urlencoded")],
      body: Array(
        SandboxHarness.form([
          ("client_key", sandbox.settings.clientKey),
          ("client_secret", sandbox.settings.clientSecret),
          ("grant_type", "refresh_token"), ("refresh_token", tokens.refresh_token),
        ]).utf8))
    let response = try await HTTPClientTransport(tls: OpenSSLTLS()).send(request).get()
    #expect(response.status == 200)
    let body = try JSONDecoder().decode(TokenBody.self, from: Data(response.body))
    #expect(body.open_id == tokens.open_id)
  }

  @Test("what it issued can be inspected: whose, until when, rotated, revoked")
  func inspect() throws {
    let sandbox = try SandboxHarness()
    let first = try #require(sandbox.connect(account: "novastars"))
    let now = Date()
    let access = try #require(sandbox.server.issuedAccessToken(first.access_token))
    #expect(access.openID == first.open_id && access.isValid(at: now))
    #expect(!access.isValid(at: now.addingTimeInterval(7201)))
    #expect(try #require(sandbox.server.issuedRefreshToken(first.refresh_token)).isValid(at: now))
    let second = try #require(sandbox.refresh(first.refresh_token).decode(TokenBody.self))
    let rotated = try #require(sandbox.server.issuedRefreshToken(first.refresh_token))
    #expect(rotated.rotated && !rotated.isValid(at: now))
    #expect(try #require(sandbox.server.issuedRefreshToken(second.refresh_token)).isValid(at: now))
    _ = sandbox.refresh(first.refresh_token)
    #expect(try #require(sandbox.server.issuedAccessToken(second.access_token)).revoked)
    #expect(sandbox.server.issuedAccessToken("act.never-issued") == nil)
    #expect(sandbox.server.issuedRefreshToken("rft.never-issued") == nil)
  }

  @Test("stop() can be called twice and ends listening")
  func stop() throws {
    let server = try SandboxServer(digest: OpenSSLDigest())
    let port = server.port
    server.stop()
    server.stop()
    let result = RawHTTPClient.request(port: port, method: "GET", target: "/", timeout: 2)
    #expect((try? result.get()) == nil)
  }

  @Test("a port in use is reported, not crashed on")
  func portInUse() throws {
    let first = try SandboxServer(digest: OpenSSLDigest())
    defer { first.stop() }
    #expect(throws: LoopbackServerError.addressInUse(.ipv4, port: first.port)) {
      try SandboxServer(settings: SandboxSettings(port: first.port), digest: OpenSSLDigest())
    }
  }
}
