import Foundation
import Sandbox
import Testing

@Suite("Authorize endpoint")
struct SandboxAuthorizeTests {
  let sandbox: SandboxHarness

  init() throws { sandbox = try SandboxHarness() }

  func authorize(_ query: String, cookie: String? = nil) -> RawResponse {
    sandbox.get("/v2/auth/authorize/?" + query, headers: cookie.map { [("Cookie", $0)] } ?? [])
  }

  func approveForm(_ query: String, decision: String, account: String?, granted: [String])
    -> RawResponse
  {
    var body = query + "&decision=" + decision
    if let account { body += "&account=" + SandboxHarness.encode(account) }
    for scope in granted { body += "&granted=" + scope }
    return sandbox.postRaw(
      "/v2/auth/authorize/", body, contentType: "application/x-www-form-urlencoded")
  }

  @Test(
    "a bad request shows TikTok's error page naming the parameter and never redirects",
    arguments: [
      ("client_key", "client_key", "nope"), ("client_key", "client_key", nil),
      ("response_type", "response_type", "token"), ("scope", "scope", "user.info.basic,bogus"),
      ("scope", "scope", ""), ("scope", "scope", "user.info.basic, video.list"),
      ("redirect_uri", "redirect_uri", "http://127.0.0.1:8723/callback"),
      ("redirect_uri", "redirect_uri", "http://evil.example:8723/callback/"),
      ("state", "state", nil), ("code_challenge", "code_challenge", nil),
      ("code_challenge", "code_challenge", "short"),
      ("code_challenge", "code_challenge_method", "plain"),
    ] as [(String, String, String?)])
  func errorPage(named: String, field: String, value: String?) {
    let response = authorize(sandbox.authorizeQuery(replacing: [field: value]))
    #expect(response.header("Location") == nil)
    #expect(response.text.contains("correct the following and try again"))
    #expect(response.text.contains("<code>\(named)</code>"))
  }

  @Test("a repeated parameter is refused like a wrong one")
  func repeated() {
    let query =
      sandbox.authorizeQuery() + "&redirect_uri=" + SandboxHarness.encode(SandboxHarness.redirect)
    #expect(authorize(query).text.contains("<code>redirect_uri</code>"))
  }

  @Test("a good request shows the accounts and ticked scopes with all hostile text escaped")
  func consentPage() {
    let response = authorize(sandbox.authorizeQuery())
    #expect(response.status == 200)
    let page = response.text
    #expect(page.contains("Maya Chen") && page.contains("@mayacooks"))
    #expect(page.contains(">MC</span>"))
    #expect(page.contains("東京カフェ巡り"))
    #expect(page.contains("value=\"video.list\" checked"))
    #expect(page.contains("name=\"decision\" value=\"approve\""))
    #expect(page.contains("name=\"decision\" value=\"deny\""))
    #expect(
      !page.unicodeScalars.contains {
        $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E || $0.value == 0x07
      })
    #expect(!page.contains("<script>"))
  }

  @Test("Approve redirects with code, scopes and state, and a URL parser gets the exact code back")
  func approve() throws {
    let state = "Zk3qT0u1-_.~"
    let query = sandbox.authorizeQuery(state: state)
    let response = approveForm(
      query, decision: "approve", account: "mayacooks", granted: SandboxHarness.allScopes)
    #expect(response.status == 302)
    let location = try #require(response.header("Location"))
    #expect(location.hasPrefix(SandboxHarness.redirect + "?code="))
    let items = SandboxHarness.items(location)
    let code = try #require(items["code"])
    #expect(items["scopes"] == SandboxHarness.allScopes.joined(separator: ","))
    #expect(items["state"] == state)
    #expect(["*", "!", "-", "_"].allSatisfy { code.contains($0) })
    #expect(sandbox.server.ledger().codesIssued == [code])
    #expect(response.header("Set-Cookie")?.hasPrefix("sbx_last_account=5b2f0c3e-") == true)
  }

  @Test("submitting the page's own form, as a browser would, approves with the carried parameters")
  func browserSubmit() throws {
    let state = "q\"<&>'=+ %"
    let page = authorize(sandbox.authorizeQuery(state: state)).text
    let form = BrowserForm(page: page)
    #expect(form.fields.contains { $0.0 == "state" && $0.1 == state })
    #expect(form.fields.filter { $0.0 == "granted" }.map(\.1) == SandboxHarness.allScopes)
    let body = SandboxHarness.form(form.fields + [("decision", "approve")])
    let response = sandbox.postRaw(
      "/v2/auth/authorize/", body, contentType: "application/x-www-form-urlencoded")
    let location = try #require(response.header("Location"))
    #expect(SandboxHarness.items(location)["state"] == state)
    #expect(
      SandboxHarness.items(location)["scopes"] == SandboxHarness.allScopes.joined(separator: ","))
  }

  @Test("a state with reserved characters comes back exactly through a URL parser")
  func stateRoundTrip() throws {
    let state = "a b&c=d+e#f%g/h?i*j!k,é東"
    let url = try sandbox.server.approve(authorizeQuery: sandbox.authorizeQuery(state: state)).get()
    #expect(SandboxHarness.items(url)["state"] == state)
    #expect(URLComponents(string: url)?.queryItems?.count == 3)
  }

  @Test("unticked scopes are not granted, but user.info.basic always is")
  func untick() throws {
    let response = approveForm(
      sandbox.authorizeQuery(), decision: "approve", account: nil, granted: ["video.list"])
    let items = SandboxHarness.items(try #require(response.header("Location")))
    #expect(items["scopes"] == "user.info.basic,video.list")
  }

  @Test("Cancel redirects with access_denied, a description and the state")
  func deny() throws {
    let response = approveForm(
      sandbox.authorizeQuery(state: "s1"), decision: "deny", account: nil, granted: [])
    #expect(response.status == 302)
    let items = SandboxHarness.items(try #require(response.header("Location")))
    #expect(items["error"] == "access_denied")
    #expect(items["error_description"]?.isEmpty == false)
    #expect(items["state"] == "s1")
    #expect(items["code"] == nil)
  }

  @Test(
    "with the cookie and without disable_auto_auth=1 the remembered account is approved at once")
  func autoApprove() throws {
    let cookie = "sbx_last_account=" + SandboxCatalog.accounts[2].openID
    let response = authorize(sandbox.authorizeQuery(extra: []), cookie: cookie)
    #expect(response.status == 302)
    let location = try #require(response.header("Location"))
    let code = try #require(SandboxHarness.items(location)["code"])
    #expect(sandbox.server.ledger().codesIssued == [code])
  }

  @Test("disable_auto_auth=1 shows the page even with the cookie, preselecting the account")
  func disableAutoAuth() {
    let account = SandboxCatalog.accounts[2].openID
    let response = authorize(sandbox.authorizeQuery(), cookie: "sbx_last_account=" + account)
    #expect(response.status == 200)
    #expect(response.text.contains("value=\"\(account)\" checked"))
    #expect(sandbox.server.ledger().codesIssued.isEmpty)
  }

  @Test("without the cookie the page is shown even when auto auth is allowed")
  func noCookie() {
    #expect(authorize(sandbox.authorizeQuery(extra: [])).status == 200)
  }

  @Test("approve() in Swift behaves like the button and refuses what the page would")
  func swiftApprove() throws {
    let url = try sandbox.server.approve(
      authorizeQuery: "https://x/v2/auth/authorize/?" + sandbox.authorizeQuery(state: "abc"),
      accountID: "@novastars", grantedScopes: ["user.info.profile"]
    ).get()
    let items = SandboxHarness.items(url)
    #expect(items["scopes"] == "user.info.basic,user.info.profile")
    #expect(items["state"] == "abc")
    #expect(
      sandbox.server.approve(authorizeQuery: sandbox.authorizeQuery(), accountID: "nobody")
        == .failure(.unknownAccount("nobody")))
    #expect(
      sandbox.server.approve(
        authorizeQuery: sandbox.authorizeQuery(replacing: ["redirect_uri": "http://127.0.0.1:1/x/"])
      )
        == .failure(.invalidParameter("redirect_uri")))
    #expect(
      sandbox.server.approve(
        authorizeQuery: sandbox.authorizeQuery(scopes: "video.list"), grantedScopes: [])
        == .failure(.noScopeGranted))
  }

  @Test("the path needs its trailing slash, as on TikTok")
  func trailingSlash() {
    #expect(sandbox.get("/v2/auth/authorize?" + sandbox.authorizeQuery()).status == 404)
  }
}

/// What a browser submits from the consent page: hidden fields, the checked radio button and
/// the checked, enabled boxes (a disabled box is not submitted).
struct BrowserForm {
  var fields: [(String, String)] = []

  init(page: String) {
    for tag in page.components(separatedBy: "<input ").dropFirst() {
      let element = " " + String(tag.prefix { $0 != ">" })
      guard let name = Self.attribute("name", in: element),
        let value = Self.attribute("value", in: element)
      else { continue }
      let kind = Self.attribute("type", in: element)
      let checked = element.contains(" checked")
      switch kind {
      case "hidden": fields.append((name, value))
      case "radio", "checkbox":
        if checked && !element.contains(" disabled") { fields.append((name, value)) }
      default: continue
      }
    }
  }

  static func attribute(_ name: String, in element: String) -> String? {
    guard let start = element.range(of: " \(name)=\"") else { return nil }
    let rest = element[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}
