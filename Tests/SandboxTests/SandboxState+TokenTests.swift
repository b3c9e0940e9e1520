import Foundation
import Sandbox
import Testing

@Suite("Token and revoke endpoints")
struct SandboxTokenTests {
  let sandbox: SandboxHarness

  init() throws { sandbox = try SandboxHarness() }

  func expectOAuthError(_ response: RawResponse, _ code: String, description: String? = nil) {
    #expect(response.status == 200, "OAuth errors come with HTTP 200")
    let body = response.decode(OAuthErrorBody.self)
    #expect(body?.error == code)
    if let description { #expect(body?.error_description == description) }
    #expect(body?.log_id.count == 34)
    #expect(
      Set(response.object?.keys.map { $0 } ?? []) == ["error", "error_description", "log_id"])
  }

  @Test("an exchange answers TikTok's flat shape with exact names and JSON types")
  func exchange() throws {
    let pkce = PKCE.hex()
    let response = sandbox.exchange(
      code: sandbox.code(pkce: pkce, account: "novastars"), verifier: pkce.verifier)
    #expect(response.status == 200)
    let body = try #require(response.decode(TokenBody.self))
    #expect(body.expires_in == 7200)
    #expect(body.refresh_expires_in == 15_552_000)
    #expect(body.open_id == SandboxCatalog.account("novastars")?.openID)
    #expect(body.scope == SandboxHarness.allScopes.joined(separator: ","))
    #expect(body.token_type == "Bearer")
    #expect(body.access_token.hasPrefix("act.") && body.access_token.contains("!"))
    #expect(body.refresh_token.hasPrefix("rft.") && body.refresh_token.contains("!"))
    let keys = Set(response.object?.keys.map { $0 } ?? [])
    #expect(
      keys == [
        "access_token", "expires_in", "open_id", "refresh_expires_in", "refresh_token", "scope",
        "token_type",
      ])
    #expect(response.text.contains("\"expires_in\":7200,"))
  }

  @Test("a base64url challenge fails at the exchange even with the right verifier")
  func base64Challenge() {
    let pkce = PKCE.base64URL()
    let code = sandbox.code(pkce: pkce)
    #expect(!code.isEmpty, "the authorize step accepts it, as TikTok does")
    expectOAuthError(
      sandbox.exchange(code: code, verifier: pkce.verifier), "invalid_grant",
      description: "Code verifier or code challenge is invalid.")
  }

  @Test("a wrong or missing verifier fails the PKCE check")
  func wrongVerifier() {
    let pkce = PKCE.hex()
    expectOAuthError(
      sandbox.exchange(code: sandbox.code(pkce: pkce), verifier: pkce.verifier + "x"),
      "invalid_grant", description: "Code verifier or code challenge is invalid.")
    expectOAuthError(
      sandbox.exchange(code: sandbox.code(pkce: pkce), verifier: ""), "invalid_grant")
  }

  @Test("a reused code is refused with invalid_grant")
  func reuse() {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    #expect(sandbox.exchange(code: code, verifier: pkce.verifier).decode(TokenBody.self) != nil)
    expectOAuthError(sandbox.exchange(code: code, verifier: pkce.verifier), "invalid_grant")
  }

  @Test("a failed attempt uses the code up")
  func failedAttemptConsumes() {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    expectOAuthError(
      sandbox.exchange(code: code, verifier: "wrong-verifier-wrong-verifier-wrong-verifier"),
      "invalid_grant")
    expectOAuthError(sandbox.exchange(code: code, verifier: pkce.verifier), "invalid_grant")
  }

  @Test("a code expires after codeTTL")
  func expiry() {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    sandbox.server.advanceClock(by: 61)
    expectOAuthError(
      sandbox.exchange(code: code, verifier: pkce.verifier), "invalid_grant",
      description: "Authorization code is expired.")
  }

  @Test("the redirect_uri must equal the authorize request's byte for byte (invalid_request, as TikTok answers)")
  func redirectMismatch() {
    let pkce = PKCE.hex()
    expectOAuthError(
      sandbox.exchange(
        code: sandbox.code(pkce: pkce), verifier: pkce.verifier,
        redirect: "http://127.0.0.1:8723/callback"),
      "invalid_request",
      description: "Redirect_uri is not matched with the uri when requesting code.")
  }

  @Test("a double-encoded code no longer matches")
  func doubleEncoded() {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    let once = SandboxHarness.encode(code)
    expectOAuthError(sandbox.exchange(code: once, verifier: pkce.verifier), "invalid_grant")
  }

  @Test("a code sent with raw star and bang in the form body still works")
  func rawCharacters() {
    let pkce = PKCE.hex()
    let code = sandbox.code(pkce: pkce)
    let body =
      "client_key=\(sandbox.settings.clientKey)&client_secret=\(sandbox.settings.clientSecret)"
      + "&grant_type=authorization_code&code=\(code)&code_verifier=\(pkce.verifier)"
      + "&redirect_uri=" + SandboxHarness.encode(SandboxHarness.redirect)
    let response = sandbox.postRaw(
      "/v2/oauth/token/", body, contentType: "application/x-www-form-urlencoded")
    #expect(response.decode(TokenBody.self) != nil)
  }

  @Test("wrong client credentials, grant types and content types are refused")
  func clientChecks() {
    var fields = [
      ("client_key", sandbox.settings.clientKey), ("client_secret", "wrong"),
      ("grant_type", "refresh_token"), ("refresh_token", "x"),
    ]
    expectOAuthError(sandbox.postForm("/v2/oauth/token/", fields), "invalid_client")
    fields[1].1 = sandbox.settings.clientSecret
    fields[0].1 = "other"
    expectOAuthError(sandbox.postForm("/v2/oauth/token/", fields), "invalid_client")
    fields[0].1 = sandbox.settings.clientKey
    fields[2].1 = "password"
    expectOAuthError(sandbox.postForm("/v2/oauth/token/", fields), "unsupported_grant_type")
    let json = sandbox.postRaw("/v2/oauth/token/", "{}", contentType: "application/json")
    expectOAuthError(json, "invalid_request")
  }

  @Test("a refresh rotates: a new pair, and the old refresh token dies")
  func rotation() throws {
    let first = try #require(sandbox.connect())
    let second = try #require(sandbox.refresh(first.refresh_token).decode(TokenBody.self))
    #expect(second.refresh_token != first.refresh_token)
    #expect(second.access_token != first.access_token)
    #expect(second.open_id == first.open_id)
    let third = try #require(sandbox.refresh(second.refresh_token).decode(TokenBody.self))
    #expect(sandbox.server.ledger().refreshes[first.open_id] == 2)
    _ = third
  }

  @Test("presenting a rotated refresh token revokes the whole grant")
  func reuseRevokes() throws {
    let first = try #require(sandbox.connect())
    let second = try #require(sandbox.refresh(first.refresh_token).decode(TokenBody.self))
    expectOAuthError(sandbox.refresh(first.refresh_token), "invalid_grant")
    expectOAuthError(sandbox.refresh(second.refresh_token), "invalid_grant")
    #expect(sandbox.userInfo(second.access_token, fields: "open_id").status == 401)
    #expect(sandbox.userInfo(first.access_token, fields: "open_id").status == 401)
    #expect(sandbox.server.ledger().reuseEvents == [first.open_id])
  }

  @Test("refresh_expires_in is what is left of the grant's deadline; a refresh does not extend it")
  func remaining() throws {
    let first = try #require(sandbox.connect())
    sandbox.server.advanceClock(by: 1000)
    let second = try #require(sandbox.refresh(first.refresh_token).decode(TokenBody.self))
    #expect((15_550_999...15_551_000).contains(second.refresh_expires_in))
    sandbox.server.advanceClock(by: 15_551_001)
    expectOAuthError(
      sandbox.refresh(second.refresh_token), "invalid_grant",
      description: "Refresh token is expired.")
  }

  @Test("lifetimes changed at runtime apply to tokens issued afterwards")
  func runtimeTTL() throws {
    sandbox.server.update {
      $0.accessTTL = 10
      $0.port = 1
    }
    #expect(sandbox.server.settings.port == sandbox.port)
    let tokens = try #require(sandbox.connect())
    #expect(tokens.expires_in == 10)
    sandbox.server.advanceClock(by: 11)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 401)
  }

  @Test("revoke answers {} and kills the user's grants for the app")
  func revoke() throws {
    let tokens = try #require(sandbox.connect(account: "ana.nunez"))
    let other = try #require(sandbox.connect(account: "ana.nunez"))
    let bystander = try #require(sandbox.connect(account: "mayacooks"))
    let response = sandbox.postForm(
      "/v2/oauth/revoke/",
      [
        ("client_key", sandbox.settings.clientKey),
        ("client_secret", sandbox.settings.clientSecret), ("token", tokens.access_token),
      ])
    #expect(response.status == 200)
    #expect(response.text == "{}")
    #expect(sandbox.userInfo(other.access_token, fields: "open_id").status == 401)
    expectOAuthError(sandbox.refresh(tokens.refresh_token), "invalid_grant")
    #expect(sandbox.userInfo(bystander.access_token, fields: "open_id").status == 200)
    #expect(sandbox.server.ledger().revocations == [tokens.open_id])
  }

  @Test("revoke with a bad secret or an unknown token answers the flat error shape")
  func revokeErrors() throws {
    let tokens = try #require(sandbox.connect())
    expectOAuthError(
      sandbox.postForm(
        "/v2/oauth/revoke/",
        [
          ("client_key", sandbox.settings.clientKey), ("client_secret", "x"),
          ("token", tokens.access_token),
        ]),
      "invalid_client")
    expectOAuthError(
      sandbox.postForm(
        "/v2/oauth/revoke/",
        [
          ("client_key", sandbox.settings.clientKey),
          ("client_secret", sandbox.settings.clientSecret), ("token", "act.unknown"),
        ]),
      "access_token_invalid")
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
  }
}
