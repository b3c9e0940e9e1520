/// The sandbox's HTML pages: authorize (consent and error), the phone, the index, messages.
enum SandboxPages {
  /// What each scope lets the app do, as TikTok's consent page words it.
  static let scopeDescriptions = [
    "user.info.basic": "Read your profile info (avatar, display name)",
    "user.info.profile": "Read your profile details (bio, username, verified status)",
    "user.info.stats": "Read your statistics (followers, likes, video count)",
    "video.list": "Read your public videos",
  ]

  /// TikTok's page for a bad authorize request: it names the parameter and never redirects.
  static func authorizeError(parameter: String) -> String {
    SandboxHTML.page(
      title: "Something went wrong",
      body: """
        <h1>Something went wrong</h1>
        <p>We couldn't log in with TikTok. This may be due to specific app settings.</p>
        <p>If you're a developer, correct the following and try again: \
        <code>\(SandboxHTML.escape(parameter))</code></p>
        """)
  }

  /// A short page with a title and one sentence.
  static func message(title: String, text: String) -> String {
    SandboxHTML.page(
      title: title,
      body: "<h1>\(SandboxHTML.escape(title))</h1><p>\(SandboxHTML.escape(text))</p>")
  }

  /// The consent page: accounts to log in as, the requested scopes (ticked), Authorize, Cancel.
  static func authorize(
    _ request: AuthorizeRequest, accounts: [SandboxAccount], selected: String?
  ) -> String {
    let carried = Set(["account", "granted", "decision"])
    let hidden = request.fields.pairs.filter { !carried.contains($0.name) }
      .map { SandboxHTML.hidden($0.name, $0.value) }.joined(separator: "\n")
    let chosen = selected ?? accounts.first?.openID
    let choices = accounts.map { SandboxHTML.accountChoice($0, checked: $0.openID == chosen) }
      .joined(separator: "\n")
    let scopes = request.scopes.map { scope -> String in
      let text = SandboxHTML.escape(scopeDescriptions[scope] ?? scope)
      let name = SandboxHTML.escape(scope)
      // A disabled box is not submitted, so the always-granted basic scope rides in a hidden field.
      let locked = scope == SandboxState.basicScope
      return """
        <label><input type="checkbox" name="granted" value="\(name)" checked\
        \(locked ? " disabled" : "")> \(text) <code>\(name)</code></label>\
        \(locked ? SandboxHTML.hidden("granted", scope) : "")<br>
        """
    }.joined(separator: "\n")
    return SandboxHTML.page(
      title: "Authorize",
      body: """
        <h1>tractok would like to access your TikTok account</h1>
        <form method="post" action="/v2/auth/authorize/">
        \(hidden)
        <fieldset><legend>Continue as</legend>
        \(choices)
        </fieldset>
        <fieldset><legend>tractok will be able to</legend>
        \(scopes)
        </fieldset>
        <button class="primary" type="submit" name="decision" value="approve">Authorize</button>
        <button type="submit" name="decision" value="deny">Cancel</button>
        </form>
        """)
  }

  /// The phone's part of the QR flow: scan the URL the app drew, then confirm or decline.
  static func phone(
    token: String, qr: QRCode?, scanURL: String, accounts: [SandboxAccount], expired: Bool,
    notice: String?
  ) -> String {
    let note = notice.map { "<p><b>\(SandboxHTML.escape($0))</b></p>" } ?? ""
    let tokenField = SandboxHTML.hidden("token", token)
    let content: String
    switch (qr?.phase, expired) {
    case (nil, _): content = "<p>No QR code has this token.</p>"
    case (.confirmed?, _): content = "<p>Confirmed. Go back to the app.</p>"
    case (_, true): content = "<p>This QR code has expired. Ask the app for a new one.</p>"
    case (.new?, false):
      content = """
        <p>Scan: paste the URL the app drew as a QR code \
        (with its own <code>client_ticket</code>).</p>
        <form method="post" action="/_sandbox/phone">\(tokenField)
        <p><textarea name="url" rows="4" style="width:100%">\
        \(SandboxHTML.escape(scanURL))</textarea></p>
        <button class="primary" type="submit" name="action" value="scan">Scan</button></form>
        """
    case (.scanned?, false):
      let choices = accounts.enumerated()
        .map { SandboxHTML.accountChoice($1, checked: $0 == 0) }.joined(separator: "\n")
      content = """
        <p>Scanned. Log in to the app as:</p>
        <form method="post" action="/_sandbox/phone">\(tokenField)
        <fieldset>\(choices)</fieldset>
        <button class="primary" type="submit" name="action" value="confirm">Confirm</button>
        <button type="submit" name="action" value="decline">Decline</button></form>
        """
    }
    return SandboxHTML.page(
      title: "Phone", body: "<h1>📱 TikTok on your phone</h1>\(note)\(content)")
  }

  /// The index page: how to point tractok here, the accounts, and the control endpoint.
  static func index(environment: String, accounts: [SandboxAccount], settings: SandboxSettings)
    -> String
  {
    let rows = accounts.map { account in
      """
      <tr><td>\(SandboxHTML.untrusted(account.displayName))</td>\
      <td>@\(SandboxHTML.untrusted(account.username))</td>\
      <td><code>\(SandboxHTML.escape(account.openID))</code></td>\
      <td>\(account.followerCount)</td><td>\(account.videoCount)</td></tr>
      """
    }.joined(separator: "\n")
    let endpoints = SandboxEndpoint.allCases.map(\.rawValue).joined(separator: ", ")
    let ttl =
      "access \(settings.accessTTL) s, refresh \(settings.refreshTTL) s, "
      + "code \(settings.codeTTL) s, QR \(settings.qrTTL) s, rate limit \(settings.rateLimit)/min"
    return SandboxHTML.page(
      title: "Sandbox",
      body: """
        <h1>tractok sandbox</h1>
        <p>Serves TikTok's Login Kit, token, revoke, user info, video list and QR endpoints on \
        loopback, with TikTok's quirks. Point tractok at it with:</p>
        <pre>\(SandboxHTML.escape(environment))</pre>
        <p class="note">\(SandboxHTML.escape(ttl))</p>
        <h2>Accounts</h2>
        <table><tr><th>Name</th><th>Username</th><th>open_id</th><th>Followers</th>\
        <th>Videos</th></tr>
        \(rows)</table>
        <h2>Control</h2>
        <pre>GET  /_sandbox/ledger
        GET  /_sandbox/accounts
        POST /_sandbox/accounts   {"accounts":[{"open_id":"fx-1","username":"fx1","display_name":"Fx"}]}
        GET  /_sandbox/settings
        POST /_sandbox/settings   {"access_ttl":10,"rate_limit":0}
        POST /_sandbox/faults     {"endpoint":"token","kind":"http_status","status":503,"count":2}
        POST /_sandbox/faults     {"kind":"clear"}
        POST /_sandbox/approve    {"authorize_url":"...","account":"mayacooks","scopes":["..."]}
        POST /_sandbox/clock      {"advance_seconds":7200}
        GET  /_sandbox/phone?token=TOKEN&amp;url=SCAN_URL</pre>
        <p class="note">Fault endpoints: \(endpoints).
        Fault kinds: \(SandboxHTML.escape(SandboxFault.kindSummary)).</p>
        """)
  }
}
