import Domain
import Foundation
import Sandbox
import Storage

/// The live parts one tractok process uses, created lazily so that fast paths (a fresh token)
/// never start the sandbox or a network client.
final class Services: @unchecked Sendable {
  let configuration: Configuration
  let profile: String
  let store: Store
  let policy: RefreshPolicy
  let retry: RetryPolicy
  private let lock = NSLock()
  /// One per app (by name and client key), so each app keeps its own rate limits.
  private var made: [String: LiveApp] = [:]
  private var server: SandboxServer?

  /// An app ready for calls: where its authorize page lives, its credentials and its client.
  struct LiveApp {
    let app: ResolvedApp
    let credentials: ClientCredentials
    let authBaseURL: String
    let client: TikTokClient
    /// The in-process sandbox, when the app lives there.
    let sandbox: SandboxServer?
  }

  init(
    configuration: Configuration, profile: String, store: Store,
    policy: RefreshPolicy = RefreshPolicy(), retry: RetryPolicy = RetryPolicy()
  ) {
    self.configuration = configuration
    self.profile = profile
    self.store = store
    self.policy = policy
    self.retry = retry
  }

  deinit { server?.stop() }

  /// Every app known now; stored apps are read afresh (another process may have added one).
  func catalog() throws(DomainError) -> AppCatalog {
    AppCatalog(
      environment: configuration.apps, records: try store.apps(), sandbox: LiveSandbox.credentials)
  }

  /// The app the profile connects through, as configured now.
  func profileApp() throws(DomainError) -> ResolvedApp {
    try catalog().forProfile(store.profile(profile).app)
  }

  /// The profile's app, ready for calls (starting the in-process sandbox when it lives there).
  func connectingApp() throws(DomainError) -> LiveApp { try live(profileApp()) }

  /// The in-process sandbox, when the profile's app lives there.
  var sandbox: SandboxServer? { try? connectingApp().sandbox }

  /// `app` ready for calls, made once: its secret opened, and on the sandbox, the sandbox
  /// started with the app registered.
  func live(_ app: ResolvedApp) throws(DomainError) -> LiveApp {
    lock.lock()
    defer { lock.unlock() }
    let key = "\(app.name)\n\(app.clientKey.value)"
    if let existing = made[key] { return existing }
    if let problem = app.problems.first { throw .failed(problem) }
    var secret = app.clientSecret.value
    if secret == nil { secret = try store.appSecret(app.name) }
    guard let secret else { throw .failed("app \(app.name) has no client secret") }
    let credentials = ClientCredentials(clientKey: app.clientKey.value, clientSecret: secret)
    var sandbox: SandboxServer?
    var (authBaseURL, apiBaseURL) = (app.authBaseURL.value, app.apiBaseURL.value)
    if app.usesSandbox {
      let server = try startedSandbox()
      Self.register([credentials], at: server)
      (sandbox, authBaseURL, apiBaseURL) = (server, server.baseURL, server.baseURL)
    }
    let client = TikTokClient(
      apiBaseURL: apiBaseURL, credentials: credentials,
      transport: LiveTransport.make(configuration), log: FileRequestLog(home: configuration.home),
      retry: retry, holds: store)
    let live = LiveApp(
      app: app, credentials: credentials, authBaseURL: authBaseURL, client: client,
      sandbox: sandbox)
    made[key] = live
    return live
  }

  /// The in-process sandbox, started on first use with every stored app that lives there
  /// registered (the caller holds the lock).
  private func startedSandbox() throws(DomainError) -> SandboxServer {
    if let server { return server }
    let started: SandboxServer
    do {
      started = try SandboxServer(
        settings: LiveSandbox.settings(home: configuration.home),
        access: CallbackUsers.access(configuration), digest: OpenSSLDigest())
    } catch let error as DomainError {
      throw error
    } catch {
      throw .failed("the built-in sandbox could not start: \(error)")
    }
    let stored = ((try? catalog().all) ?? []).filter {
      $0.usesSandbox && $0.name != AppRecord.sandbox && $0.problems.isEmpty
    }
    Self.register(
      stored.compactMap { app in
        (app.clientSecret.value ?? (try? store.appSecret(app.name))).map {
          ClientCredentials(clientKey: app.clientKey.value, clientSecret: $0)
        }
      }, at: started)
    server = started
    return started
  }

  /// Registers apps at the sandbox (a key registered already gets the secret given now).
  private static func register(_ apps: [ClientCredentials], at server: SandboxServer) {
    let added = apps.filter { $0.clientKey != server.settings.clientKey }.map {
      SandboxApp(clientKey: $0.clientKey, clientSecret: $0.clientSecret.reveal)
    }
    guard !added.isEmpty else { return }
    server.update { settings in
      let keys = Set(added.map(\.clientKey))
      settings.apps = settings.apps.filter { !keys.contains($0.clientKey) } + added
    }
  }

  /// The refresh engine, calling TikTok's refresh grant through each account's app; in-process
  /// retries back off as the client's policy does.
  func engine() -> RefreshEngine {
    RefreshEngine(
      store: store, policy: policy,
      refresher: { [self] request in await refreshCall(request) },
      backoff: { attempt in
        Backoff(base: 30, maximum: 3600).delay(attempt: attempt, unit: Double.random(in: 0...1))
      },
      retry: RetrySchedule(backoff: retry.backoff),
      observe: { [self] openID in events().check(openID) },
      checkpoint: TestStop.checkpoint(configuration.testStop))
  }

  private func refreshCall(_ request: RefreshRequest) async -> Result<RotatedTokens, DomainError> {
    do {
      return try await client(for: request.app).refreshTokens(request)
    } catch {
      return .failure(error)
    }
  }

  /// Announces account events through `TRACTOK_NOTIFY_CMD`.
  func events() -> EventAnnouncer {
    EventAnnouncer(
      store: store, policy: policy,
      notify: configuration.notifyCommand.map { NotifyCommand($0).run })
  }

  /// The account workflows (Domain's) on this process's store and apps.
  func accounts(clock: @escaping @Sendable () -> Date = { Date() }) -> AccountService {
    AccountService(
      store: store, engine: engine(), events: events(), profile: profile, apps: self,
      clock: clock)
  }

  /// On the built-in sandbox, plays the phone for a QR code: scans the URL we drew and confirms
  /// as `account` (an open_id or username; nil = the first sandbox account).
  func approveInSandbox(_ session: QRSession, account: String?) -> Result<Void, DomainError> {
    guard let sandbox else { return .failure(.failed("not running on the sandbox")) }
    let token = session.token.reveal
    let phone = sandbox.scanQR(token: token, scannedURL: session.scanURL).flatMap { _ in
      sandbox.confirmQR(token: token, accountID: account ?? sandbox.accounts.first?.openID ?? "")
    }
    return phone.mapError { .failed("the sandbox refused: \($0.message)") }
  }
}

extension Services: AppClients {
  func connecting() throws(DomainError) -> ConnectingApp {
    let live = try connectingApp()
    return ConnectingApp(app: live.app, client: live.client)
  }

  func client(for grant: AppGrant) throws(DomainError) -> TikTokClient {
    try live(catalog().forAccount(grant)).client
  }
}
