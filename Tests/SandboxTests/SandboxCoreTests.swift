import Foundation
import Sandbox
import Synchronization
import TestSupport
import Testing

@Suite("Fault switches and routing", .timeLimit(.minutes(2)))
struct SandboxCoreTests {
  let sandbox: SandboxHarness

  init() throws { sandbox = try SandboxHarness() }

  @Test(
    "5xx faults answer the status with an error body and leave the code usable",
    arguments: [500, 502, 503])
  func serverErrors(status: Int) throws {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    sandbox.server.inject(.httpStatus(status), endpoint: .token)
    let failed = sandbox.exchange(code: code, verifier: pkce.verifier)
    #expect(failed.status == status)
    #expect(
      failed.decode(OAuthErrorBody.self)?.error
        == (status == 503 ? "temporarily_unavailable" : "server_error"))
    #expect(sandbox.exchange(code: code, verifier: pkce.verifier).decode(TokenBody.self) != nil)
    #expect(sandbox.server.ledger().count(.token, status: status) == 1)
  }

  @Test("a fault hits exactly the next N requests of its endpoint only")
  func countAndScope() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.httpStatus(500), endpoint: .userInfo, count: 2)
    #expect(sandbox.refresh(tokens.refresh_token).status == 200)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 500)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 500)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
  }

  @Test("429 faults come with or without Retry-After in the endpoint's shape")
  func rateLimitFaults() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.rateLimited(retryAfter: 7), endpoint: .userInfo)
    sandbox.server.inject(.rateLimited(retryAfter: nil), endpoint: .token)
    let api = sandbox.userInfo(tokens.access_token, fields: "open_id")
    #expect(api.status == 429 && api.header("Retry-After") == "7")
    #expect(api.decode(APIErrorBody.self)?.error.code == "rate_limit_exceeded")
    let oauth = sandbox.refresh(tokens.refresh_token)
    #expect(oauth.status == 429 && oauth.header("Retry-After") == nil)
    #expect(oauth.decode(OAuthErrorBody.self)?.error == "rate_limit_exceeded")
    #expect(sandbox.server.ledger().rateLimitedResponses == 2)
  }

  @Test("a delay fault still answers normally")
  func delay() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.delay(milliseconds: 50), endpoint: .userInfo)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
  }

  @Test("a stall holds its connection without blocking others, and stop() releases it")
  func stall() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.stall, endpoint: .userInfo)
    let outcome = Mutex<Result<RawResponse, RawFailure>?>(nil)
    let port = sandbox.port
    let token = tokens.access_token
    Thread.detachNewThread {
      let result = RawHTTPClient.request(
        port: port, method: "GET", target: "/v2/user/info/?fields=open_id",
        headers: [("Authorization", "Bearer \(token)")], timeout: 60)
      outcome.withLock { $0 = result }
    }
    #expect(eventually { sandbox.server.ledger().count(.userInfo, status: 0) == 1 })
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
    #expect(outcome.withLock { $0 } == nil, "the stalled request must still be waiting")
    sandbox.server.stop()
    #expect(eventually { outcome.withLock { $0 } != nil })
    let result = outcome.withLock { $0 }
    #expect(
      result.map { (try? $0.get())?.status == 200 } == false, "no normal answer after a stall")
  }

  @Test("a client that gives up on a stall just times out")
  func stallTimeout() throws {
    sandbox.server.inject(.stall, endpoint: .getQRCode)
    let result = RawHTTPClient.request(
      port: sandbox.port, method: "POST", target: "/v2/oauth/get_qrcode/",
      headers: [("Content-Type", "application/x-www-form-urlencoded")],
      body: Array("client_key=sbx_tractok_desktop&scope=user.info.basic".utf8), timeout: 0.3)
    #expect(result.map(\.status) == .failure(.timedOut))
  }

  @Test("malformed JSON is unreadable and the refresh it garbled never happened")
  func malformed() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.malformedJSON, endpoint: .token)
    let garbled = sandbox.refresh(tokens.refresh_token)
    #expect(garbled.status == 200)
    #expect(garbled.object == nil && garbled.text.contains("'access_token'"))
    #expect(sandbox.refresh(tokens.refresh_token).decode(TokenBody.self) != nil)
    #expect(sandbox.server.ledger().reuseEvents.isEmpty)
  }

  @Test("truncated JSON is a prefix of a real answer and the code it garbled stays usable")
  func truncated() throws {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    sandbox.server.inject(.truncatedJSON, endpoint: .token)
    let garbled = sandbox.exchange(code: code, verifier: pkce.verifier)
    #expect(garbled.object == nil && garbled.text.hasPrefix("{\"access_token\":\"act."))
    #expect(sandbox.exchange(code: code, verifier: pkce.verifier).decode(TokenBody.self) != nil)
    #expect(
      sandbox.server.ledger().accessTokensIssued.count == 2,
      "the ledger keeps what went on the wire")
  }

  @Test("wrong types turn numbers into strings")
  func wrongTypes() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.wrongTypes, endpoint: .token)
    let response = sandbox.refresh(tokens.refresh_token)
    #expect(response.decode(TokenBody.self) == nil)
    #expect(response.object?["expires_in"] as? String == "7200")
  }

  @Test("absurd numbers replace every integer", arguments: [Int64(-5), 1_000_000_000_000_000])
  func absurd(value: Int64) throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.absurdNumbers(value), endpoint: .token)
    let body = try #require(sandbox.refresh(tokens.refresh_token).decode(TokenBody.self))
    #expect(body.expires_in == value && body.refresh_expires_in == value)
  }

  @Test("canned errors: invalid_grant, access_token_invalid, scope_not_authorized, error with 200")
  func cannedErrors() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.invalidGrant, endpoint: .token)
    let grant = sandbox.refresh(tokens.refresh_token)
    #expect(grant.status == 200 && grant.decode(OAuthErrorBody.self)?.error == "invalid_grant")
    sandbox.server.inject(.accessTokenInvalid, endpoint: .userInfo)
    let invalid = sandbox.userInfo(tokens.access_token, fields: "open_id")
    #expect(
      invalid.status == 401
        && invalid.decode(APIErrorBody.self)?.error.code == "access_token_invalid")
    sandbox.server.inject(.scopeNotAuthorized, endpoint: .videoList)
    let scope = sandbox.postJSON("/v2/video/list/?fields=id", "{}", bearer: tokens.access_token)
    #expect(
      scope.status == 401 && scope.decode(APIErrorBody.self)?.error.code == "scope_not_authorized")
    sandbox.server.inject(.errorWithStatus200, endpoint: .userInfo)
    let ok200 = sandbox.userInfo(tokens.access_token, fields: "open_id")
    #expect(ok200.status == 200 && ok200.decode(APIErrorBody.self)?.error.code == "internal_error")
    sandbox.server.inject(.errorWithStatus200, endpoint: .token)
    let oauth200 = sandbox.refresh(tokens.refresh_token)
    #expect(oauth200.status == 200 && oauth200.decode(OAuthErrorBody.self)?.error == "server_error")
    #expect(
      sandbox.refresh(tokens.refresh_token).decode(TokenBody.self) != nil,
      "canned errors change nothing")
  }

  @Test("a refresh without refresh_token keeps the old refresh token valid")
  func missingRefreshToken() throws {
    let tokens = try #require(sandbox.connect())
    sandbox.server.inject(.missingRefreshToken, endpoint: .token)
    let response = sandbox.refresh(tokens.refresh_token)
    let object = try #require(response.object)
    #expect(object["refresh_token"] == nil && object["access_token"] is String)
    #expect(
      sandbox.userInfo(object["access_token"] as? String ?? "", fields: "open_id").status == 200)
    #expect(sandbox.refresh(tokens.refresh_token).decode(TokenBody.self) != nil)
    #expect(sandbox.server.ledger().reuseEvents.isEmpty)
  }

  @Test("unknown paths are 404 and wrong methods 405")
  func routing() {
    #expect(sandbox.get("/v2/oauth/token/").status == 405)
    #expect(sandbox.get("/v2/video/query/").status == 404)
    #expect(sandbox.get("/v2/oauth/token").status == 404)
    #expect(sandbox.server.ledger().count(.token, status: 405) == 1)
  }
}
