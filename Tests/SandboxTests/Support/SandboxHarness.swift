import Domain
import Foundation
import Sandbox
import Storage
import Testing

/// TikTok's flat token answer, decoded with strict types.
struct TokenBody: Decodable, Equatable {
  var access_token: String
  var expires_in: Int64
  var open_id: String
  var refresh_expires_in: Int64
  var refresh_token: String
  var scope: String
  var token_type: String
}

/// TikTok's flat OAuth error, decoded with strict types.
struct OAuthErrorBody: Decodable, Equatable {
  var error: String
  var error_description: String
  var log_id: String
}

/// TikTok's Display API error envelope part.
struct APIErrorBody: Decodable {
  struct Inner: Decodable {
    var code: String
    var message: String
    var log_id: String
  }
  var error: Inner
}

/// A PKCE pair with TikTok's desktop (hex) challenge.
struct PKCE {
  var verifier: String
  var challenge: String

  static func hex(_ verifier: String = "verifier-" + UUID().uuidString + "-0123456789abcdefghij")
    -> PKCE
  {
    PKCE(verifier: verifier, challenge: OpenSSLDigest().hexSHA256(verifier))
  }

  /// An RFC 7636 base64url challenge, which TikTok's desktop check refuses at the exchange.
  static func base64URL(
    _ verifier: String = "verifier-" + UUID().uuidString + "-0123456789abcdefghij"
  ) -> PKCE {
    PKCE(
      verifier: verifier, challenge: Base64URL.encode(OpenSSLDigest().sha256(Array(verifier.utf8))))
  }
}

/// A running sandbox plus the raw-HTTP calls tests make against it.
final class SandboxHarness {
  static let redirect = "http://127.0.0.1:8723/callback/"
  static let allScopes = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"]
  let server: SandboxServer
  let settings: SandboxSettings

  init(_ settings: SandboxSettings = SandboxSettings()) throws {
    server = try SandboxServer(settings: settings, digest: OpenSSLDigest())
    self.settings = settings
  }

  deinit { server.stop() }

  var port: Int { server.port }

  /// Strict form encoding written for the tests (not the sandbox's own encoder).
  static func encode(_ value: String) -> String {
    var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    allowed.insert(charactersIn: "0123456789-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
  }

  static func form(_ fields: [(String, String)]) -> String {
    fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
  }

  func get(_ target: String, headers: [(String, String)] = []) -> RawResponse {
    unwrap(RawHTTPClient.request(port: port, method: "GET", target: target, headers: headers))
  }

  func postForm(_ path: String, _ fields: [(String, String)]) -> RawResponse {
    postRaw(path, Self.form(fields), contentType: "application/x-www-form-urlencoded")
  }

  func postRaw(
    _ path: String, _ body: String, contentType: String, headers: [(String, String)] = []
  )
    -> RawResponse
  {
    unwrap(
      RawHTTPClient.request(
        port: port, method: "POST", target: path,
        headers: [("Content-Type", contentType)] + headers, body: Array(body.utf8)))
  }

  func postJSON(_ path: String, _ json: String, bearer: String? = nil) -> RawResponse {
    postRaw(
      path, json, contentType: "application/json",
      headers: bearer.map { [("Authorization", "Bearer \($0)")] } ?? [])
  }

  private func unwrap(_ result: Result<RawResponse, RawFailure>) -> RawResponse {
    switch result {
    case .success(let response): return response
    case .failure(let failure):
      Issue.record("request failed: \(failure)")
      return RawResponse(status: -1, headers: [], bytes: [])
    }
  }

  /// An authorize query as a correct desktop client builds it.
  func authorizeQuery(
    scopes: String = "user.info.basic,user.info.profile,user.info.stats,video.list",
    redirect: String = SandboxHarness.redirect, state: String = "st-" + UUID().uuidString,
    pkce: PKCE = .hex(), extra: [(String, String)] = [("disable_auto_auth", "1")],
    replacing: [String: String?] = [:]
  ) -> String {
    var fields: [(String, String)] = [
      ("client_key", settings.clientKey), ("response_type", "code"), ("scope", scopes),
      ("redirect_uri", redirect), ("state", state), ("code_challenge", pkce.challenge),
      ("code_challenge_method", "S256"),
    ]
    fields = fields.compactMap { name, value in
      guard let replacement = replacing[name] else { return (name, value) }
      return replacement.map { (name, $0) }
    }
    return Self.form(fields + extra)
  }

  /// The query items of a redirect URL, decoded by Foundation's URL parser.
  static func items(_ url: String) -> [String: String] {
    let items = URLComponents(string: url)?.queryItems ?? []
    return Dictionary(
      items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
  }

  /// Approves in the sandbox and returns the decoded code.
  func code(
    pkce: PKCE, account: String? = nil,
    scopes: String = "user.info.basic,user.info.profile,user.info.stats,video.list",
    granted: [String]? = nil
  ) -> String {
    let query = authorizeQuery(scopes: scopes, pkce: pkce)
    guard
      case .success(let url) = server.approve(
        authorizeQuery: query, accountID: account, grantedScopes: granted)
    else {
      Issue.record("approve failed")
      return ""
    }
    return Self.items(url)["code"] ?? ""
  }

  /// `POST /v2/oauth/token/` with grant_type=authorization_code.
  func exchange(code: String, verifier: String, redirect: String = SandboxHarness.redirect)
    -> RawResponse
  {
    postForm(
      "/v2/oauth/token/",
      [
        ("client_key", settings.clientKey), ("client_secret", settings.clientSecret),
        ("code", code), ("grant_type", "authorization_code"), ("redirect_uri", redirect),
        ("code_verifier", verifier),
      ])
  }

  /// `POST /v2/oauth/token/` with grant_type=refresh_token.
  func refresh(_ token: String) -> RawResponse {
    postForm("/v2/oauth/token/", Self.refreshForm(token, settings: settings))
  }

  /// The form of a refresh_token grant.
  static func refreshForm(_ token: String, settings: SandboxSettings) -> [(String, String)] {
    [
      ("client_key", settings.clientKey), ("client_secret", settings.clientSecret),
      ("grant_type", "refresh_token"), ("refresh_token", token),
    ]
  }

  /// A refresh straight over a socket, for use from any thread; nil when the request failed.
  static func refresh(port: Int, token: String, settings: SandboxSettings) -> RawResponse? {
    let body = form(refreshForm(token, settings: settings))
    return try? RawHTTPClient.request(
      port: port, method: "POST", target: "/v2/oauth/token/",
      headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8)
    ).get()
  }

  /// Connects an account end to end and returns its tokens.
  func connect(account: String? = nil, granted: [String]? = nil) -> TokenBody? {
    let pkce = PKCE.hex()
    return exchange(
      code: code(pkce: pkce, account: account, granted: granted), verifier: pkce.verifier
    )
    .decode(TokenBody.self)
  }

  func userInfo(_ token: String, fields: String) -> RawResponse {
    get("/v2/user/info/?fields=\(fields)", headers: [("Authorization", "Bearer \(token)")])
  }
}
