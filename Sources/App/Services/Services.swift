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
        transport: URLSessionTransport(), log: log, retry: retry, holds: store)
      return Backend(
        credentials: credentials, authBaseURL: configuration.authBaseURL, client: client,
        sandbox: nil)
    }
    let server: SandboxServer
    do {
      server = try SandboxServer(
        settings: LiveSandbox.settings(home: configuration.home), digest: OpenSSLDigest())
    } catch {
      throw .failed("the built-in sandbox could not start: \(error)")
    }
    let credentials = ClientCredentials(
      clientKey: server.settings.clientKey, clientSecret: Secret(server.settings.clientSecret))
    let client = TikTokClient(
      apiBaseURL: server.baseURL, credentials: credentials,
      transport: URLSessionTransport(), log: log, retry: retry, holds: store)
    return Backend(
      credentials: credentials, authBaseURL: server.baseURL, client: client, sandbox: server)
  }

  /// The refresh engine, calling TikTok's refresh grant through the client; in-process retries
  /// back off as the client's policy does.
  func engine() -> RefreshEngine {
    RefreshEngine(
      store: store, policy: policy,
      refresher: { [self] refreshToken, deadline in await refreshCall(refreshToken, deadline) },
      backoff: { attempt in
        Backoff(base: 30, maximum: 3600).delay(attempt: attempt, unit: Double.random(in: 0...1))
      },
      retry: RetrySchedule(backoff: retry.backoff),
      notify: NotifyCommand(configuration.notifyCommand).run,
      checkpoint: TestStop.checkpoint(configuration.testStop))
  }

  private func refreshCall(_ refreshToken: Secret, _ deadline: Date) async
    -> Result<RotatedTokens, DomainError>
  {
    do {
      return try await tikTok().client.refreshTokens(refreshToken, deadline: deadline)
    } catch {
      return .failure(error)
    }
  }

  /// Refuses before any browser opens when the profile has no free slot, unless one of its
  /// accounts needs a reconnect (which uses no new slot; the connect transaction still refuses
  /// a new account when the profile is full).
  func checkFreeSlot() throws(DomainError) -> ProfileRecord {
    let record = try store.profile(profile)
    let accounts = try store.accounts(profile: profile)
    let needsReconnect = accounts.contains { account in
      account.status != .overLimit && !account.displayStatus(at: Date(), policy: policy).isUsable
    }
    guard accounts.count < record.tier.slotLimit || needsReconnect else {
      throw .slotsFull(tier: record.tier)
    }
    return record
  }
}
