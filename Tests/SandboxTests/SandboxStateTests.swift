import Foundation
import Sandbox
import Testing

@Suite("Rate limiting")
struct SandboxStateTests {
  @Test("over the limit an API call gets 429 rate_limit_exceeded, per token and per endpoint")
  func apiLimit() throws {
    let sandbox = try SandboxHarness(SandboxSettings(rateLimit: 3))
    let first = try #require(sandbox.connect())
    let second = try #require(sandbox.connect())
    for _ in 0..<3 {
      #expect(sandbox.userInfo(first.access_token, fields: "open_id").status == 200)
    }
    let limited = sandbox.userInfo(first.access_token, fields: "open_id")
    #expect(limited.status == 429)
    #expect(limited.decode(APIErrorBody.self)?.error.code == "rate_limit_exceeded")
    #expect(sandbox.userInfo(second.access_token, fields: "open_id").status == 200)
    #expect(
      sandbox.postJSON("/v2/video/list/?fields=id", "{}", bearer: first.access_token).status == 200)
    #expect(sandbox.server.ledger().rateLimitedResponses == 1)
  }

  @Test("the window slides: each call frees its slot 60 seconds after it was made")
  func sliding() throws {
    let sandbox = try SandboxHarness(SandboxSettings(rateLimit: 2))
    let tokens = try #require(sandbox.connect())
    let call = { sandbox.userInfo(tokens.access_token, fields: "open_id").status }
    #expect(call() == 200)
    sandbox.server.advanceClock(by: 30)
    #expect(call() == 200)
    #expect(call() == 429)
    sandbox.server.advanceClock(by: 31)
    #expect(call() == 200, "the first call left the window")
    #expect(call() == 429, "the second one has not, and refused calls took no slot")
  }

  @Test("OAuth calls are limited per client_key in the flat error shape")
  func oauthLimit() throws {
    let sandbox = try SandboxHarness(SandboxSettings(rateLimit: 2))
    #expect(sandbox.refresh("rft.a").decode(OAuthErrorBody.self)?.error == "invalid_grant")
    #expect(sandbox.refresh("rft.b").decode(OAuthErrorBody.self)?.error == "invalid_grant")
    let limited = sandbox.refresh("rft.c")
    #expect(limited.status == 429)
    #expect(limited.decode(OAuthErrorBody.self)?.error == "rate_limit_exceeded")
  }

  @Test("a rate limit of 0 means unlimited and can be changed at runtime")
  func unlimited() throws {
    let sandbox = try SandboxHarness(SandboxSettings(rateLimit: 0))
    let tokens = try #require(sandbox.connect())
    for _ in 0..<20 {
      #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
    }
    sandbox.server.update { $0.rateLimit = 1 }
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 429)
  }
}
