import Domain
import Foundation

/// A checked `/v2/auth/authorize/` request.
struct AuthorizeRequest: Equatable, Sendable {
  var clientKey: String
  var scopes: [String]
  var redirectURI: String
  var state: String
  var challenge: String
  var disableAutoAuth: Bool
  /// Every field as it came, carried through the page's forms.
  var fields: SandboxForm
}

extension SandboxState {
  /// The scopes TikTok knows and the sandbox app is approved for, in TikTok's order.
  static let knownScopes = [
    "user.info.basic", "user.info.profile", "user.info.stats", "video.list",
  ]

  /// The scope TikTok grants whenever it is requested; its box cannot be unticked.
  static let basicScope = "user.info.basic"

  /// The cookie that remembers the last approved account, as TikTok's login session does.
  static let accountCookie = "sbx_last_account"

  /// Checks an authorize request in TikTok's order; a failure names the parameter its error
  /// page would show.
  func checkAuthorize(_ fields: SandboxForm) -> Result<AuthorizeRequest, SandboxError> {
    guard let clientKey = fields.only("client_key"), settings.secret(forClientKey: clientKey) != nil
    else {
      return .failure(.invalidParameter("client_key"))
    }
    guard fields.only("response_type") == "code" else {
      return .failure(.invalidParameter("response_type"))
    }
    guard let scopes = fields.only("scope").flatMap(Self.parseScopes) else {
      return .failure(.invalidParameter("scope"))
    }
    guard let redirectURI = fields.only("redirect_uri"),
      settings.isRegistered(redirectURI: redirectURI)
    else { return .failure(.invalidParameter("redirect_uri")) }
    guard let state = fields.only("state"), !state.isEmpty else {
      return .failure(.invalidParameter("state"))
    }
    // TikTok accepts any RFC 7636-shaped challenge here; a base64url one only fails later,
    // at the exchange, because the check there is against the hex digest.
    guard let challenge = fields.only("code_challenge"), (43...128).contains(challenge.utf8.count),
      challenge.utf8.allSatisfy(SandboxForm.isUnreserved),
      fields.only("code_challenge_method") == "S256"
    else { return .failure(.invalidParameter("code_challenge")) }
    return .success(
      AuthorizeRequest(
        clientKey: clientKey, scopes: scopes, redirectURI: redirectURI, state: state,
        challenge: challenge, disableAutoAuth: fields.first("disable_auto_auth") == "1",
        fields: fields))
  }

  /// A comma list of known scopes without blanks or repeats; nil otherwise.
  static func parseScopes(_ list: String) -> [String]? {
    let scopes = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !scopes.isEmpty, Set(scopes).count == scopes.count,
      scopes.allSatisfy({ knownScopes.contains($0) })
    else { return nil }
    return scopes
  }

  /// What pressing Approve does: issues a code for the account and the ticked scopes and
  /// returns the redirect URL carrying `code`, `scopes` and `state`.
  mutating func approve(
    _ request: AuthorizeRequest, account reference: String?, granted: [String]?, now: Date
  ) -> Result<String, SandboxError> {
    let account: SandboxAccount
    if let reference {
      guard let found = self.account(reference) else { return .failure(.unknownAccount(reference)) }
      account = found
    } else {
      guard let first = accounts.first else { return .failure(.unknownAccount("")) }
      account = first
    }
    let ticked = Set(granted ?? request.scopes)
    let scopes = request.scopes.filter { ticked.contains($0) || $0 == Self.basicScope }
    guard !scopes.isEmpty else { return .failure(.noScopeGranted) }
    let code = issueCode(
      openID: account.openID, clientKey: request.clientKey, scopes: scopes,
      redirectURI: request.redirectURI, challenge: request.challenge, now: now)
    return .success(
      Self.callbackURL(
        request.redirectURI,
        [("code", code), ("scopes", scopes.joined(separator: ",")), ("state", request.state)]))
  }

  /// What pressing Cancel does: the redirect URL carrying `error=access_denied`.
  static func denyURL(_ request: AuthorizeRequest) -> String {
    callbackURL(
      request.redirectURI,
      [
        ("error", "access_denied"),
        ("error_description", "The user denied the authorization request."),
        ("state", request.state),
      ])
  }

  /// `base` plus a query. Like TikTok, `*`, `!` and `,` stay literal (they are legal in a
  /// query and decode to themselves); everything else outside the unreserved set is encoded.
  static func callbackURL(_ base: String, _ fields: [(String, String)]) -> String {
    base + (base.contains("?") ? "&" : "?") + SandboxForm.encode(fields, keeping: "*!,")
  }

  /// `GET /v2/auth/authorize/`: the error page, the consent page, or (with the cookie and
  /// without `disable_auto_auth=1`) an immediate redirect approving the remembered account.
  mutating func authorizePage(_ http: HTTPRequest, now: Date) -> SandboxReply {
    guard let fields = SandboxForm(query: http.query) else {
      return .html(SandboxPages.authorizeError(parameter: "query"))
    }
    let request: AuthorizeRequest
    switch checkAuthorize(fields) {
    case .success(let checked): request = checked
    case .failure(let error): return .html(SandboxPages.authorizeError(parameter: error.parameter))
    }
    let remembered = Self.cookie(Self.accountCookie, in: http).flatMap(account)
    if !request.disableAutoAuth, let remembered {
      return decided(request, account: remembered.openID, granted: nil, now: now)
    }
    return .html(SandboxPages.authorize(request, accounts: accounts, selected: remembered?.openID))
  }

  /// `POST /v2/auth/authorize/`: the consent page's Approve or Cancel button.
  mutating func authorizeDecision(_ http: HTTPRequest, now: Date) -> SandboxReply {
    guard let fields = SandboxForm(http.body) else {
      return .html(SandboxPages.authorizeError(parameter: "query"))
    }
    let request: AuthorizeRequest
    switch checkAuthorize(fields) {
    case .success(let checked): request = checked
    case .failure(let error): return .html(SandboxPages.authorizeError(parameter: error.parameter))
    }
    switch fields.only("decision") {
    case "approve":
      return decided(
        request, account: fields.only("account"), granted: fields.all("granted"), now: now)
    case "deny": return .redirect(Self.denyURL(request))
    default:
      return .html(
        SandboxPages.message(title: "Choose", text: "Press Authorize or Cancel."), status: 400)
    }
  }

  private mutating func decided(
    _ request: AuthorizeRequest, account: String?, granted: [String]?, now: Date
  ) -> SandboxReply {
    switch approve(request, account: account, granted: granted, now: now) {
    case .success(let url):
      let openID = account.flatMap(self.account)?.openID ?? accounts.first?.openID ?? ""
      return .redirect(
        url, cookie: "\(Self.accountCookie)=\(openID); Path=/; HttpOnly; SameSite=Lax")
    case .failure(let error):
      return .html(
        SandboxPages.message(title: "Something went wrong", text: error.message), status: 400)
    }
  }

  /// The value of cookie `name` from the request's `Cookie` headers.
  static func cookie(_ name: String, in request: HTTPRequest) -> String? {
    for header in request.headerValues("Cookie") {
      for pair in header.split(separator: ";") {
        let parts = pair.split(separator: "=", maxSplits: 1).map {
          $0.trimmingSpaces()
        }
        if parts.count == 2, parts[0] == name { return parts[1] }
      }
    }
    return nil
  }
}

extension SandboxError {
  /// The parameter an authorize error page names.
  var parameter: String {
    if case .invalidParameter(let name) = self { return name }
    return "query"
  }
}
