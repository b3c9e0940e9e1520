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
  private var backend: Backend?

  /// Where TikTok lives for this process: the real one, or the in-process sandbox.
  struct Backend {
    let credentials: ClientCredentials
    let authBaseURL: String
    let client: TikTokClient
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

  deinit { backend?.sandbox?.stop() }

  /// The TikTok endpoints (starting the in-process sandbox when no credentials are set).
  func tikTok() throws(DomainError) -> Backend {
    lock.lock()
    defer { lock.unlock() }
    if let backend { return backend }
    let made = try makeBackend()
    backend = made
    return made
  }

  /// The in-process sandbox, when tractok runs on it.
  var sandbox: SandboxServer? { try? tikTok().sandbox }

  private func makeBackend() throws(DomainError) -> Backend {
    let log = FileRequestLog(home: configuration.home)
    if configuration.missingSecret {
      throw .failed("TIKTOK_CLIENT_KEY is set but TIKTOK_CLIENT_SECRET is not; set both")
    }
    if let credentials = configuration.credentials {
      if let problem = configuration.baseURLProblems.first { throw .failed(problem) }
      let client = TikTokClient(
        apiBaseURL: configuration.apiBaseURL, credentials: credentials,
        transport: LiveTransport.make(configuration), log: log, retry: retry, holds: store)
      return Backend(
        credentials: credentials, authBaseURL: configuration.authBaseURL, client: client,
        sandbox: nil)
    }
    let server: SandboxServer
    do {
      server = try SandboxServer(
        settings: LiveSandbox.settings(home: configuration.home),
        access: CallbackUsers.access(configuration), digest: OpenSSLDigest())
    } catch let error as DomainError {
      throw error
    } catch {
      throw .failed("the built-in sandbox could not start: \(error)")
    }
    let credentials = ClientCredentials(
      clientKey: server.settings.clientKey, clientSecret: Secret(server.settings.clientSecret))
    let client = TikTokClient(
      apiBaseURL: server.baseURL, credentials: credentials,
      transport: LiveTransport.make(configuration), log: log, retry: retry, holds: store)
    return Backend(
      credentials: credentials, authBaseURL: server.baseURL, client: client, sandbox: server)
  }

  /// The refresh engine, calling TikTok's refresh grant through the client; in-process retries
  /// back off as the client's policy does.
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
      return try await tikTok().client.refreshTokens(request)
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

  /// The account workflows (Domain's) on this process's store and backend.
  func accounts(clock: @escaping @Sendable () -> Date = { Date() }) -> AccountService {
    AccountService(
      store: store, engine: engine(), events: events(), profile: profile,
      scopes: configuration.scopes, client: { [self] () throws(DomainError) in try tikTok().client },
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
