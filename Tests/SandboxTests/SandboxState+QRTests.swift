import Foundation
import Sandbox
import Testing

@Suite("QR code login endpoints")
struct SandboxQRTests {
  let sandbox: SandboxHarness
  let ticket = "q0V8cXl2b1NvbWVSYW5k-_"

  init() throws { sandbox = try SandboxHarness() }

  struct QRCodeBody: Decodable {
    var scan_qrcode_url: String
    var token: String
  }

  struct StatusBody: Decodable {
    var client_ticket: String
    var status: String
    var redirect_uri: String?
    var state: String?
  }

  func getQRCode(state: String? = "Zk3-state") -> QRCodeBody? {
    var fields = [
      ("client_key", sandbox.settings.clientKey), ("scope", "user.info.basic,video.list"),
    ]
    if let state { fields.append(("state", state)) }
    return sandbox.postForm("/v2/oauth/get_qrcode/", fields).decode(QRCodeBody.self)
  }

  func check(_ token: String, secret: String? = nil) -> RawResponse {
    sandbox.postForm(
      "/v2/oauth/check_qrcode/",
      [
        ("client_key", sandbox.settings.clientKey),
        ("client_secret", secret ?? sandbox.settings.clientSecret), ("token", token),
      ])
  }

  func status(_ token: String) -> StatusBody? { check(token).decode(StatusBody.self) }

  func drawn(_ qr: QRCodeBody) -> String {
    qr.scan_qrcode_url.replacingOccurrences(
      of: "client_ticket=tobefilled", with: "client_ticket=" + ticket)
  }

  @Test("get_qrcode answers a scan URL with the tobefilled ticket and a token")
  func getQR() throws {
    let qr = try #require(getQRCode())
    #expect(
      qr.scan_qrcode_url
        == "aweme://authorize?authType=100&client_key=sbx_tractok_desktop"
        + "&client_ticket=tobefilled&scope=user.info.basic%2Cvideo.list&state=Zk3-state"
    )
    #expect(qr.token.count == 32)
    #expect(sandbox.server.ledger().qrTokensIssued == [qr.token])
  }

  @Test("get_qrcode refuses an unknown client_key and unknown scopes")
  func getQRErrors() {
    let bad = sandbox.postForm(
      "/v2/oauth/get_qrcode/", [("client_key", "x"), ("scope", "user.info.basic")])
    #expect(bad.decode(OAuthErrorBody.self)?.error == "invalid_client")
    let scope = sandbox.postForm(
      "/v2/oauth/get_qrcode/",
      [("client_key", sandbox.settings.clientKey), ("scope", "everything")])
    #expect(scope.decode(OAuthErrorBody.self)?.error == "invalid_scope")
  }

  @Test("new, scanned, confirmed, then utilised; the code exchanges without a verifier")
  func happyPath() throws {
    let qr = try #require(getQRCode())
    let new = try #require(status(qr.token))
    #expect(new.status == "new" && new.client_ticket == "")
    #expect(try sandbox.server.scanQR(token: qr.token, scannedURL: drawn(qr)).get() == ticket)
    let scanned = try #require(status(qr.token))
    #expect(scanned.status == "scanned" && scanned.client_ticket == ticket)
    #expect(throws: Never.self) {
      try sandbox.server.confirmQR(token: qr.token, accountID: "tokyo_cafe_walk").get()
    }
    let confirmed = try #require(status(qr.token))
    #expect(confirmed.status == "confirmed" && confirmed.client_ticket == ticket)
    // As in TikTok's example: no state, neither as a field nor in the URL.
    #expect(confirmed.state == nil)
    let redirect = try #require(confirmed.redirect_uri)
    #expect(redirect.hasPrefix(sandbox.settings.qrRedirectURI + "?code="))
    let items = SandboxHarness.items(redirect)
    #expect(items["state"] == nil)
    let code = try #require(items["code"])
    let utilised = try #require(status(qr.token))
    #expect(
      utilised.status == "utilised" && utilised.client_ticket == ticket
        && utilised.redirect_uri == nil)
    let tokens = sandbox.postForm(
      "/v2/oauth/token/",
      [
        ("client_key", sandbox.settings.clientKey),
        ("client_secret", sandbox.settings.clientSecret), ("code", code),
        ("grant_type", "authorization_code"), ("redirect_uri", sandbox.settings.qrRedirectURI),
      ]
    ).decode(TokenBody.self)
    #expect(tokens?.open_id == SandboxCatalog.account("tokyo_cafe_walk")?.openID)
    #expect(tokens?.scope == "user.info.basic,video.list")
  }

  @Test("a QR code exchange without redirect_uri works, with a different one fails")
  func qrRedirectOptional() throws {
    func confirmedCode() throws -> String {
      let qr = try #require(getQRCode())
      _ = sandbox.server.scanQR(token: qr.token, scannedURL: drawn(qr))
      _ = sandbox.server.confirmQR(token: qr.token, accountID: "mayacooks")
      let redirect = try #require(status(qr.token)?.redirect_uri)
      return try #require(SandboxHarness.items(redirect)["code"])
    }
    let base = [
      ("client_key", sandbox.settings.clientKey), ("client_secret", sandbox.settings.clientSecret),
      ("grant_type", "authorization_code"),
    ]
    #expect(
      sandbox.postForm("/v2/oauth/token/", base + [("code", try confirmedCode())]).decode(
        TokenBody.self) != nil)
    let wrong = sandbox.postForm(
      "/v2/oauth/token/",
      base + [("code", try confirmedCode()), ("redirect_uri", "http://127.0.0.1:1/x/")])
    #expect(wrong.decode(OAuthErrorBody.self)?.error == "invalid_request")
  }

  @Test("a QR code expires after qrTTL and then says expired with an empty ticket")
  func expiry() throws {
    let qr = try #require(getQRCode())
    _ = sandbox.server.scanQR(token: qr.token, scannedURL: drawn(qr))
    sandbox.server.advanceClock(by: 301)
    let expired = try #require(status(qr.token))
    #expect(expired.status == "expired" && expired.client_ticket == "")
    #expect(throws: SandboxError.qrCodeExpired) {
      try sandbox.server.confirmQR(token: qr.token, accountID: "mayacooks").get()
    }
  }

  @Test("a decline keeps the status scanned until the QR code expires")
  func decline() throws {
    let qr = try #require(getQRCode())
    #expect(throws: SandboxError.qrCodeNotScanned) {
      try sandbox.server.declineQR(token: qr.token).get()
    }
    _ = sandbox.server.scanQR(token: qr.token, scannedURL: drawn(qr))
    #expect(throws: Never.self) { try sandbox.server.declineQR(token: qr.token).get() }
    #expect(status(qr.token)?.status == "scanned")
    sandbox.server.advanceClock(by: 301)
    #expect(status(qr.token)?.status == "expired")
  }

  @Test("utilised stays utilised after the QR code's lifetime")
  func utilisedSticks() throws {
    let qr = try #require(getQRCode())
    _ = sandbox.server.scanQR(token: qr.token, scannedURL: drawn(qr))
    _ = sandbox.server.confirmQR(token: qr.token, accountID: "mayacooks")
    #expect(status(qr.token)?.status == "confirmed")
    sandbox.server.advanceClock(by: 1000)
    #expect(status(qr.token)?.status == "utilised")
  }

  @Test(
    "a scanned URL that changed more than the ticket is refused",
    arguments: [
      ("client_ticket=tobefilled", "client_ticket="),
      ("scope=user.info.basic%2Cvideo.list", "scope=user.info.basic,video.list"),
      ("client_ticket=tobefilled", "client_ticket=a&b"), ("state=Zk3-state", "state=other"),
      ("aweme://", "https://"),
    ])
  func scanMismatch(find: String, replace: String) throws {
    let qr = try #require(getQRCode())
    let url = qr.scan_qrcode_url.replacingOccurrences(of: find, with: replace)
    #expect(sandbox.server.scanQR(token: qr.token, scannedURL: url) == .failure(.scanURLMismatch))
    #expect(status(qr.token)?.status == "new")
  }

  @Test("the wrong_client_ticket fault echoes another ticket than the one in the URL")
  func wrongTicket() throws {
    let qr = try #require(getQRCode())
    _ = sandbox.server.scanQR(token: qr.token, scannedURL: drawn(qr))
    sandbox.server.inject(.wrongClientTicket, endpoint: .checkQRCode)
    let forged = try #require(status(qr.token))
    #expect(
      forged.status == "scanned" && forged.client_ticket != ticket && !forged.client_ticket.isEmpty)
    #expect(status(qr.token)?.client_ticket == ticket)
  }

  @Test("check_qrcode needs the secret and a known token")
  func checkErrors() throws {
    let qr = try #require(getQRCode())
    #expect(check(qr.token, secret: "wrong").decode(OAuthErrorBody.self)?.error == "invalid_client")
    #expect(check("UNKNOWN").decode(OAuthErrorBody.self)?.error == "invalid_request")
    #expect(sandbox.server.confirmQR(token: "UNKNOWN", accountID: "mayacooks").isFailure)
  }

  @Test("the phone page scans, confirms and escapes the hostile names")
  func phonePage() throws {
    let qr = try #require(getQRCode())
    let url = sandbox.server.phonePageURL(token: qr.token, scanURL: drawn(qr))
    let target = String(url.dropFirst(sandbox.server.baseURL.count))
    let page = sandbox.get(target)
    #expect(page.status == 200)
    #expect(page.text.contains("client_ticket=" + ticket))
    let scan = sandbox.postForm(
      "/_sandbox/phone", [("token", qr.token), ("action", "scan"), ("url", drawn(qr))])
    #expect(scan.text.contains("name=\"action\" value=\"confirm\""))
    #expect(!scan.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
    #expect(status(qr.token)?.client_ticket == ticket)
    let confirm = sandbox.postForm(
      "/_sandbox/phone",
      [("token", qr.token), ("action", "confirm"), ("account", SandboxCatalog.accounts[0].openID)])
    #expect(confirm.text.contains("Confirmed"))
    #expect(status(qr.token)?.status == "confirmed")
  }
}

extension Result {
  var isFailure: Bool {
    if case .failure = self { return true }
    return false
  }
}
