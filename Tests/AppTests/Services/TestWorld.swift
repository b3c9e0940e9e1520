import Domain
import Foundation
import Sandbox
import Storage
import TestSupport
import Testing

@testable import App

/// A private home, a sandbox on loopback and live services pointed at it, as `tractok` would
/// run with TIKTOK_CLIENT_KEY set to the sandbox's app.
final class TestWorld: @unchecked Sendable {
  let directory = TemporaryDirectory()
  let sandbox: SandboxServer
  let store: Store
  let services: Services

  init(tier: Tier = .pro, settings: SandboxSettings = SandboxSettings(), timeout: TimeInterval = 30) throws {
    sandbox = try SandboxServer(settings: settings, digest: OpenSSLDigest())
    let home = directory.file("home")
    let environment = [
      "TRACTOK_HOME": home, "TIKTOK_CLIENT_KEY": sandbox.settings.clientKey,
      "TIKTOK_CLIENT_SECRET": sandbox.settings.clientSecret, "TIKTOK_AUTH_BASE_URL": sandbox.baseURL,
      "TIKTOK_API_BASE_URL": sandbox.baseURL, "TIKTOK_REDIRECT_URI": "http://127.0.0.1:*/callback/",
    ]
    store = try Store.open(home: home, environmentKey: nil)
    try store.setTier(tier, profile: "default", now: Date())
    services = Services(
      configuration: .from(environment: environment), profile: "default", store: store,
      retry: RetryPolicy(maximumAttempts: 3, backoff: Backoff(base: 0.01, maximum: 0.05), maximumWait: 1))
  }

  deinit { sandbox.stop() }

  /// Makes the account's access token expired at the sandbox and in the store, as if its
  /// lifetime had passed, without short lifetimes that a loaded machine outruns while
  /// connecting.
  func expireAccessToken(_ account: Account) throws {
    let lifetime = account.accessExpiresAt.timeIntervalSinceNow
    #expect(sandbox.advanceClock(by: lifetime + 60))
    let past = Int(Date().timeIntervalSince1970) - 1
    let sql = "UPDATE accounts SET access_expires_at = \(past) WHERE open_id = '\(account.openID)'"
    #expect(try Spawn.run("/usr/bin/sqlite3", [store.databasePath, sql]).status == 0)
  }

  var home: String { directory.file("home") }

  /// A browser flow in progress: the listener, and the browser's last page once it is done.
  struct Flow {
    let listener: CallbackListener
    let browser: Background<(url: String, response: LoopbackResponse)?>

    /// The callback the attempt got, or why it failed.
    func result() async -> Result<AuthorizedCallback, DomainError> {
      do {
        return .success(try await listener.attempt.result())
      } catch {
        return .failure(error)
      }
    }
  }

  /// Starts the browser flow: the browser opens the authorize URL, decides on the consent page
  /// (if one is shown) and lands on the listener, on a background task.
  func authorize(
    browser: FakeBrowser = FakeBrowser(), account: String? = nil, untick: Set<String> = [],
    approve: Bool = true, timeout: TimeInterval = 30
  ) throws -> Flow {
    // The success page waits for the account name as long as a loaded machine may need.
    let signIn = try services.startSignIn(timeout: timeout, accountPageWait: 60)
    guard let listener = signIn.listener else {
      throw DomainError.failed("no listener: \(String(describing: signIn.listenerProblem))")
    }
    let url = listener.attempt.authorizeURL
    // Started on a thread at once: a Task would wait for a pool thread that long synchronous
    // tests elsewhere in the suite may be holding, while the listener's clock runs.
    let task = Background { () -> (url: String, response: LoopbackResponse)? in
      guard let page = try? browser.open(url) else { return nil }
      guard page.response.body.contains("name=\"decision\"") else { return page }
      return try? browser.decide(on: page, account: account, untick: untick, approve: approve)
    }
    return Flow(listener: listener, browser: task)
  }

  /// The verified callback of a browser flow.
  func callback(
    browser: FakeBrowser = FakeBrowser(), account: String? = nil, untick: Set<String> = []
  ) async throws -> AuthorizedCallback {
    try await authorize(browser: browser, account: account, untick: untick).result().get()
  }

  /// A whole connect through the browser flow.
  func connect(browser: FakeBrowser = FakeBrowser(), account: String? = nil) async throws -> ConnectResult {
    try await services.accounts().connect(try await callback(browser: browser, account: account)).get()
  }

  /// The refresh engine as it runs `seconds` from now, when the tokens of a short-lived sandbox
  /// grant are due: its failures count as the account's.
  func engine(at seconds: TimeInterval) -> RefreshEngine {
    let services = services
    return RefreshEngine(
      store: store, policy: services.policy,
      refresher: { request in
        guard let client = try? services.connectingApp().client else { return .failure(.cancelled) }
        return await client.refreshTokens(request)
      },
      backoff: { _ in 60 }, clock: { Date().addingTimeInterval(seconds) })
  }

  /// Every secret the sandbox issued, for leak checks.
  var issuedSecrets: [String] { sandbox.ledger().allSecrets }
}
