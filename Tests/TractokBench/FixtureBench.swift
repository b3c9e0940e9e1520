import Domain
import Foundation
import Storage

/// Builds the benchmark databases in TRACTOK_HOME with `AccountFixtures`, through the real
/// repository code. With a sandbox (TIKTOK_API_BASE_URL and the sandbox's credentials), every
/// account gets a grant the sandbox really issued, so refreshing it works (B5, B6).
enum FixtureBench {
  static let profile = "default"
  /// Any loopback port matches the sandbox's registered `http://127.0.0.1:*/callback/`.
  static let redirectURI = "http://127.0.0.1:8723/callback/"

  /// `shift` moves the fixtures' clock ahead: the UI figures use three hours, so no account
  /// falls due while they run (the UI would refresh it, against a sandbox that never issued
  /// fixture tokens, and redraw rows in the middle of a measurement).
  static func run(count: Int, viaSandbox: Bool, shift: TimeInterval, environment: [String: String])
    async throws -> BenchReport
  {
    let configuration = Configuration.from(environment: environment)
    let store = try openStore(configuration)
    let started = monotonicSeconds()
    let accounts: [Account]
    if viaSandbox {
      let tokens = try await grants(count: count, configuration: configuration)
      accounts = try AccountFixtures.populate(store, profile: profile, tokens: tokens)
    } else {
      accounts = try AccountFixtures.populate(
        store, profile: profile, count: count, now: Date().addingTimeInterval(shift))
    }
    // `tractok token` without ACCOUNT reads the current one: make it one that is not due.
    let policy = RefreshPolicy()
    let now = Date()
    let fresh = accounts.first { $0.status == .active && !policy.isDue($0, at: now) }
    if let fresh { try store.select(fresh.openID, profile: profile) }
    var report = BenchReport()
    report["accounts"] = accounts.count
    report["seconds"] = monotonicSeconds() - started
    report["database"] = store.databasePath
    report["selected_open_id"] = fresh?.openID ?? ""
    return report
  }

  /// One authorization per account: the sandbox's approve endpoint plays the user, then the
  /// code is exchanged like `tractok connect` does (PKCE, exact redirect URI).
  private static func grants(count: Int, configuration: Configuration) async throws
    -> [TokenSet]
  {
    guard let credentials = configuration.credentials else {
      throw BenchFailure("--sandbox needs TIKTOK_CLIENT_KEY/SECRET and TIKTOK_API_BASE_URL")
    }
    let transport = HTTPClientTransport(tls: OpenSSLTLS())
    let client = TikTokClient(
      apiBaseURL: configuration.apiBaseURL, credentials: credentials, transport: transport,
      limiter: RefreshBench.unlimited())
    let settings = AuthorizationSettings(
      clientKey: credentials.clientKey, authBaseURL: configuration.authBaseURL,
      scopes: configuration.scopes, timeout: 60)
    var tokens: [TokenSet] = []
    tokens.reserveCapacity(count)
    for _ in 0..<count {
      let attempt = OAuthAttempt(
        settings: settings, redirectURI: redirectURI, digest: OpenSSLDigest())
      attempt.submit(try await approve(attempt.authorizeURL, configuration, transport))
      guard case .authorized(let callback) = attempt.outcome else {
        throw BenchFailure("the sandbox's redirect was refused: \(attempt.outcome)")
      }
      let grant = try await client.exchangeCode(
        callback.code, redirectURI: callback.redirectURI, codeVerifier: callback.codeVerifier)
      guard let refreshToken = grant.refreshToken else {
        throw BenchFailure("the sandbox issued no refresh token")
      }
      let now = Date()
      tokens.append(
        TokenSet(
          accessToken: grant.accessToken, refreshToken: refreshToken,
          accessExpiresAt: now.addingTimeInterval(grant.accessExpiresIn),
          accessLifetime: grant.accessExpiresIn,
          refreshExpiresAt: now.addingTimeInterval(grant.refreshExpiresIn ?? 86_400)))
    }
    return tokens
  }

  /// `POST /_sandbox/approve`: the redirect URL the consent page's button would send to.
  private static func approve(
    _ authorizeURL: String, _ configuration: Configuration, _ transport: HTTPClientTransport
  ) async throws -> String {
    let body = try JSONSerialization.data(withJSONObject: ["authorize_url": authorizeURL])
    let request = ClientRequest(
      method: "POST", url: configuration.authBaseURL + "/_sandbox/approve",
      headers: [("Content-Type", "application/json")], body: Array(body))
    let response = try await transport.send(request).get()
    let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    guard response.status == 200, let url = answer?["redirect_url"] as? String else {
      throw BenchFailure("the sandbox did not approve (HTTP \(response.status))")
    }
    return url
  }
}
