import Domain
import Foundation
import Storage

/// Builds the benchmark databases in TRACTOK_HOME with `AccountFixtures`, through the real
/// repository code. With a sandbox (TIKTOK_API_BASE_URL and the sandbox's credentials), the
/// sandbox learns every fixture account and issues each a grant of its own, so refreshing it
/// works and TikTok's answer names that very account (B5, B6).
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
      let granted = try await grants(
        AccountFixtures.connections(count: count), configuration: configuration)
      accounts = try AccountFixtures.populate(store, profile: profile, connections: granted)
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

  /// One authorization per account: the sandbox learns the fixture accounts, its approve
  /// endpoint plays each user, then the code is exchanged like `tractok connect` does (PKCE,
  /// exact redirect URI). Returns the connections holding their own grants.
  private static func grants(_ planned: [NewConnection], configuration: Configuration)
    async throws -> [NewConnection]
  {
    let (app, credentials) = try environmentApp(configuration, for: "--sandbox")
    let transport = HTTPClientTransport(tls: OpenSSLTLS())
    let client = TikTokClient(
      apiBaseURL: app.apiBaseURL.value, credentials: credentials, transport: transport,
      limiter: RefreshBench.unlimited())
    let settings = AuthorizationSettings(
      clientKey: credentials.clientKey, authBaseURL: app.authBaseURL.value,
      scopes: app.scopes.value, timeout: 60)
    // In batches: the sandbox takes bodies up to 64 KiB.
    for start in stride(from: 0, to: planned.count, by: 200) {
      let batch = planned[start..<min(start + 200, planned.count)].map { new in
        ["open_id": new.openID, "username": new.profile.username,
          "display_name": new.profile.displayName]
      }
      _ = try await control("/_sandbox/accounts", ["accounts": batch], app, transport)
    }
    var granted: [NewConnection] = []
    granted.reserveCapacity(planned.count)
    for var new in planned {
      let attempt = OAuthAttempt(
        settings: settings, redirectURI: redirectURI, digest: OpenSSLDigest())
      let answer = try await control(
        "/_sandbox/approve", ["authorize_url": attempt.authorizeURL, "account": new.openID],
        app, transport)
      guard let redirect = answer["redirect_url"] as? String else {
        throw BenchFailure("the sandbox did not approve")
      }
      attempt.submit(redirect)
      guard case .authorized(let callback) = attempt.outcome else {
        throw BenchFailure("the sandbox's redirect was refused: \(attempt.outcome)")
      }
      let grant = try await client.exchangeCode(
        callback.code, redirectURI: callback.redirectURI, codeVerifier: callback.codeVerifier)
      guard grant.openID == new.openID, let refreshToken = grant.refreshToken else {
        throw BenchFailure("the sandbox issued no grant of its own for \(new.openID)")
      }
      let now = Date()
      new.tokens = TokenSet(
        accessToken: grant.accessToken, refreshToken: refreshToken,
        accessExpiresAt: now.addingTimeInterval(grant.accessExpiresIn),
        accessLifetime: grant.accessExpiresIn,
        refreshExpiresAt: now.addingTimeInterval(grant.refreshExpiresIn ?? 86_400))
      granted.append(new)
    }
    return granted
  }

  /// POSTs `body` as JSON to a sandbox control endpoint and returns its JSON answer.
  private static func control(
    _ path: String, _ body: [String: Any], _ app: ResolvedApp, _ transport: HTTPClientTransport
  ) async throws -> [String: Any] {
    let request = ClientRequest(
      method: "POST", url: app.authBaseURL.value + path,
      headers: [("Content-Type", "application/json")],
      body: Array(try JSONSerialization.data(withJSONObject: body)))
    let response = try await transport.send(request).get()
    let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    guard response.status == 200, let answer else {
      throw BenchFailure("the sandbox refused \(path) (HTTP \(response.status))")
    }
    return answer
  }
}
