import Foundation
import Sandbox
import Testing

@Suite("Several apps on one sandbox: per-app open_ids, per-app credentials, a ledger by client key")
struct SandboxAppsTests {
  static let second = SandboxApp(clientKey: "sbx_second_app", clientSecret: "second-secret")
  let sandbox: SandboxHarness

  init() throws { sandbox = try SandboxHarness(SandboxSettings(apps: [Self.second])) }

  /// An exchange through `app`: approve (as `account`) an authorize request naming its key,
  /// then the code with its credentials.
  func connect(_ app: SandboxApp, account: String) throws -> TokenBody {
    let pkce = PKCE.hex()
    let query = sandbox.authorizeQuery(pkce: pkce, replacing: ["client_key": app.clientKey])
    let url = try sandbox.server.approve(authorizeQuery: query, accountID: account).get()
    let code = try #require(SandboxHarness.items(url)["code"])
    let response = sandbox.postForm(
      "/v2/oauth/token/",
      [
        ("client_key", app.clientKey), ("client_secret", app.clientSecret), ("code", code),
        ("grant_type", "authorization_code"), ("redirect_uri", SandboxHarness.redirect),
        ("code_verifier", pkce.verifier),
      ])
    return try #require(response.decode(TokenBody.self), "\(response.text)")
  }

  func refresh(_ token: String, as app: SandboxApp) -> RawResponse {
    sandbox.postForm(
      "/v2/oauth/token/",
      [
        ("client_key", app.clientKey), ("client_secret", app.clientSecret),
        ("grant_type", "refresh_token"), ("refresh_token", token),
      ])
  }

  func revoke(_ token: String, as app: SandboxApp) -> RawResponse {
    sandbox.postForm(
      "/v2/oauth/revoke/",
      [("client_key", app.clientKey), ("client_secret", app.clientSecret), ("token", token)])
  }

  /// `user.info`'s open_id and union_id for an access token.
  func ids(_ token: String) throws -> (openID: String, unionID: String) {
    let response = sandbox.get(
      "/v2/user/info/?fields=open_id,union_id", headers: [("Authorization", "Bearer \(token)")])
    let user = try #require(
      (response.object?["data"] as? [String: Any])?["user"] as? [String: Any], "\(response.text)")
    return (try #require(user["open_id"] as? String), try #require(user["union_id"] as? String))
  }

  var builtIn: SandboxApp { sandbox.settings.registeredApps[0] }

  @Test("one user gets a different open_id in each app and the same union_id, as on TikTok")
  func perAppOpenIDs() throws {
    let maya = try #require(SandboxCatalog.account("mayacooks"))
    let first = try connect(builtIn, account: "mayacooks")
    let second = try connect(Self.second, account: "mayacooks")
    #expect(first.open_id == maya.openID)
    #expect(second.open_id != maya.openID)
    #expect(second.open_id.count == maya.openID.count)
    #expect(try ids(first.access_token) == (maya.openID, maya.unionID))
    #expect(try ids(second.access_token) == (second.open_id, maya.unionID))
    // The same user through the same app again: the same open_id.
    #expect(try connect(Self.second, account: "mayacooks").open_id == second.open_id)
    // The app's open_id names the user too (a reconnect approves as the stored account).
    #expect(try connect(Self.second, account: second.open_id).open_id == second.open_id)
  }

  @Test("a refresh works only with the credentials of the app the grant came from; the ledger names its client key")
  func refreshPerApp() throws {
    let tokens = try connect(Self.second, account: "novastars")
    let wrong = refresh(tokens.refresh_token, as: builtIn)
    #expect(wrong.decode(OAuthErrorBody.self)?.error == "invalid_grant")
    let right = refresh(tokens.refresh_token, as: Self.second)
    #expect(right.decode(TokenBody.self)?.open_id == tokens.open_id)
    let ledger = sandbox.server.ledger()
    #expect(ledger.refreshesByClient == [Self.second.clientKey: [tokens.open_id: 1]])
    #expect(ledger.refreshes[tokens.open_id] == 1)
    #expect(ledger.json.contains("\"refreshes_by_client\":{\"sbx_second_app\":"))
  }

  @Test("a revoke with another app's credentials is refused; with its own it revokes, and the ledger names the key")
  func revokePerApp() throws {
    let tokens = try connect(Self.second, account: "novastars")
    let wrong = revoke(tokens.access_token, as: builtIn)
    #expect(wrong.decode(OAuthErrorBody.self)?.error == "access_token_invalid")
    #expect(sandbox.server.issuedAccessToken(tokens.access_token)?.revoked == false)
    #expect(revoke(tokens.access_token, as: Self.second).text == "{}")
    #expect(sandbox.server.issuedAccessToken(tokens.access_token)?.revoked == true)
    #expect(sandbox.server.ledger().revocationsByClient == [Self.second.clientKey: [tokens.open_id]])
  }

  @Test("an unknown client key or a registered key with another app's secret is invalid_client")
  func unknownClient() throws {
    let tokens = try connect(Self.second, account: "novastars")
    for app in [
      SandboxApp(clientKey: "nobody", clientSecret: "x"),
      SandboxApp(clientKey: Self.second.clientKey, clientSecret: builtIn.clientSecret),
    ] {
      #expect(refresh(tokens.refresh_token, as: app).decode(OAuthErrorBody.self)?.error == "invalid_client")
    }
  }

  @Test(
    "--app takes KEY:SECRET, the secret may hold colons",
    arguments: [
      ("k:s", SandboxApp(clientKey: "k", clientSecret: "s")),
      ("k:s:t", SandboxApp(clientKey: "k", clientSecret: "s:t")),
      ("k:", nil), (":s", nil), ("ks", nil),
    ] as [(String, SandboxApp?)])
  func pairs(text: String, app: SandboxApp?) {
    #expect(SandboxApp(pair: text) == app)
  }
}
