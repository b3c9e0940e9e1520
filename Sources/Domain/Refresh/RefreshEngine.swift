import Foundation

/// Refreshes access tokens, one refresh per account at a time across every process, and never
/// sends a refresh token that may already have reached TikTok while its sender lives.
///
/// The store takes a lease inside `BEGIN IMMEDIATE` and re-reads the stored token first (another
/// process may have refreshed it already); only the lease holder calls TikTok, after recording
/// the attempt in flight, and the rotated pair is written with a compare-and-swap on the token
/// before anyone uses it. Others wait for the lease or the attempt and then get the new token.
/// Transient failures are retried in-process within one deadline.
public struct RefreshEngine: Sendable {
  /// Calls TikTok's refresh_token grant as `RefreshRequest` says.
  public typealias Refresher = @Sendable (RefreshRequest) async -> Result<RotatedTokens, DomainError>
  /// Runs when an account starts needing a reconnect (TRACTOK_NOTIFY_CMD).
  /// Hears of each account whose stored state a refresh run changed (TikTok answered, the
  /// failure was recorded, the grant ended), so the account's events can be announced.
  public typealias Observer = @Sendable (String) -> Void
  /// Hears each checkpoint a refresh passes (test builds stop the process there).
  public typealias Checkpoint = @Sendable (RefreshCheckpoint) -> Void

  public let store: any RefreshStore
  public let policy: RefreshPolicy
  /// Names this engine's leases; each refresh attempt adds its own suffix so concurrent callers
  /// in one process also wait for each other.
  public let owner: String
  let refresher: Refresher
  /// The wait before the next automatic attempt after `n` failures in a row (stored).
  let backoff: @Sendable (Int) -> TimeInterval
  /// The waits between in-process retries.
  let retry: RetrySchedule
  let jitter: JitterSource
  let processes: any ProcessTable
  let observe: Observer
  let checkpoint: Checkpoint
  let clock: @Sendable () -> Date
  let pause: @Sendable (TimeInterval) async -> Void

  public init(
    store: any RefreshStore, policy: RefreshPolicy, refresher: @escaping Refresher,
    backoff: @escaping @Sendable (Int) -> TimeInterval, retry: RetrySchedule = RetrySchedule(),
    jitter: @escaping JitterSource = systemJitter,
    processes: any ProcessTable = SystemProcessTable(), observe: @escaping Observer = { _ in },
    checkpoint: @escaping Checkpoint = { _ in }, owner: String = RefreshEngine.uniqueOwner(),
    clock: @escaping @Sendable () -> Date = { Date() },
    pause: @escaping @Sendable (TimeInterval) async -> Void = { seconds in
      try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
  ) {
    self.store = store
    self.policy = policy
    self.refresher = refresher
    self.backoff = backoff
    self.retry = retry
    self.jitter = jitter
    self.processes = processes
    self.observe = observe
    self.checkpoint = checkpoint
    self.owner = owner
    self.clock = clock
    self.pause = pause
  }

  /// A lease owner name unique to this process and engine.
  public static func uniqueOwner() -> String {
    "\(ProcessInfo.processInfo.processIdentifier)-\(RandomToken.urlSafe(byteCount: 6))"
  }

  /// An access token valid for at least `minimumValidity` seconds, refreshing first when the
  /// account is due or the token would not last; waits while another process refreshes.
  /// Waits and retries end within `timeout` seconds (0: one attempt, no waiting); an answer
  /// TikTok gives to a request already out is stored even when it comes later.
  public func validAccessToken(
    _ openID: String, minimumValidity: TimeInterval = 0,
    timeout: TimeInterval = RetrySchedule.defaultDeadline
  ) async -> Result<Secret, DomainError> {
    await validToken(openID, minimumValidity: minimumValidity, timeout: timeout).map(\.token)
  }

  /// `validAccessToken` with the account as stored with the token.
  public func validToken(
    _ openID: String, minimumValidity: TimeInterval = 0,
    timeout: TimeInterval = RetrySchedule.defaultDeadline
  ) async -> Result<ValidToken, DomainError> {
    await run(openID, minimumValidity: minimumValidity, force: false, timeout: timeout)
  }

  /// Refreshes now (even when fresh), respecting holds TikTok asked for; returns the account.
  public func refresh(_ openID: String, timeout: TimeInterval = RetrySchedule.defaultDeadline)
    async -> Result<Account, DomainError>
  {
    await run(openID, minimumValidity: 0, force: true, timeout: timeout).map(\.account)
  }

  /// Refreshes if due (the UI's ticks call this); returns the account.
  public func refreshIfDue(
    _ openID: String, timeout: TimeInterval = RetrySchedule.defaultDeadline
  ) async -> Result<Account, DomainError> {
    await run(openID, minimumValidity: 0, force: false, timeout: timeout).map(\.account)
  }

  /// An access token and the account as stored with it (its expiry and scopes).
  public struct ValidToken: Sendable {
    public var token: Secret
    public var account: Account

    public init(token: Secret, account: Account) {
      self.token = token
      self.account = account
    }
  }

  /// One refresh run: its lease name, deadline, and what its attempts so far have shown.
  struct Run {
    let openID: String
    let owner: String
    let deadline: Date
    /// What the caller asked for: a token valid this long, refreshed even when fresh or not.
    let minimumValidity: TimeInterval
    let force: Bool
    /// Attempts that reached the point of sending.
    var attempts = 0
    var lastError: DomainError?
    /// An earlier attempt of this run lost its answer (timeout, broken connection): TikTok may
    /// have rotated the token it sent.
    var answerLost = false
  }

  private func run(
    _ openID: String, minimumValidity: TimeInterval, force: Bool, timeout: TimeInterval
  ) async -> Result<ValidToken, DomainError> {
    var run = Run(
      openID: openID, owner: "\(owner)/\(RandomToken.urlSafe(byteCount: 6))",
      deadline: clock().addingTimeInterval(max(0, timeout)), minimumValidity: minimumValidity,
      force: force)
    while true {
      let now = clock()
      let start: RefreshStart
      do {
        start = try store.beginRefresh(
          openID, owner: run.owner, now: now, policy: policy, minimumValidity: minimumValidity,
          force: force, processes: processes, deadline: run.deadline)
      } catch {
        return .failure(error)
      }
      switch start {
      case .fresh(let token, let account):
        return .success(ValidToken(token: token, account: account))
      case .unusable(let error):
        return .failure(error)
      case .grantEnded(let account, let generation):
        let error = DomainError.needsReconnect(
          account: account.handle, reason: "the refresh token has expired")
        defer { observe(openID) }
        return failGrant(
          openID, owner: run.owner, generation: generation, error: error,
          reason: "the refresh token has expired", status: .expired, now: now)
      case .waiting(let until, let account, let current):
        // An asked-for refresh that cannot happen yet is a failure, not the old token.
        if !force, let current,
          account.accessExpiresAt.timeIntervalSince(now) >= max(minimumValidity, 1)
        {
          return .success(ValidToken(token: current, account: account))
        }
        // A hold or backoff that ends in time is waited out: no request before then.
        guard RetrySchedule.fits(until, before: run.deadline) else {
          return .failure(
            run.lastError ?? account.lastError.map(DomainError.failed)
              ?? .rateLimited(until: until))
        }
        await pause(until.timeIntervalSince(now))
      case .busy(let until):
        guard now < run.deadline else {
          return .failure(run.lastError ?? .timedOut("waiting for another process's refresh"))
        }
        await pause(min(0.1, max(0.01, until.timeIntervalSince(now))))
      case .inFlight(let attempt, let state, let account):
        guard now < run.deadline else {
          return .failure(
            .refreshInFlight(
              account: account.handle, pid: attempt.sender.pid, stopped: state == .stopped))
        }
        await pause(0.1)
      case .leased(let tokens, let account):
        switch await attempt(&run, tokens: tokens, account: account) {
        case .finished(let result):
          observe(openID)
          return result
        case .retry(let at): await pause(at.timeIntervalSince(clock()))
        case .sendRefused: continue
        }
      }
    }
  }

  func failGrant(
    _ openID: String, owner: String, generation: Int64, error: DomainError, reason: String,
    status: StoredStatus, now: Date
  ) -> Result<ValidToken, DomainError> {
    do {
      let account = try store.failRefresh(
        openID, owner: owner, generation: generation,
        failure: .grantDead(error, status: status, reason: reason), now: now)
      return .failure(.needsReconnect(account: account.handle, reason: reason))
    } catch {
      return .failure(error)
    }
  }
}

/// One call of the refresh grant as the engine asks for it.
public struct RefreshRequest: Sendable {
  /// The app the account was granted through: only it may refresh the token.
  public let app: AppGrant
  public let refreshToken: Secret
  /// When the call, retries included, must be over.
  public let deadline: Date
  /// Asked right before each request leaves (first send and resends): false means the token
  /// may no longer be presented (the lease's renewal failed, or the attempt recorded in flight
  /// is no longer this one), and nothing is sent.
  public let maySend: @Sendable () -> Bool

  public init(
    app: AppGrant, refreshToken: Secret, deadline: Date,
    maySend: @escaping @Sendable () -> Bool
  ) {
    self.app = app
    self.refreshToken = refreshToken
    self.deadline = deadline
    self.maySend = maySend
  }
}

/// Points of a refresh that test builds can stop the process at (`TRACTOK_TEST_STOP_AT`), to
/// show what another process does meanwhile.
public enum RefreshCheckpoint: String, Equatable, Sendable, CaseIterable {
  /// The attempt is recorded in flight and the request is about to leave (the first time).
  case sending
  /// TikTok's answer has arrived; it is about to be stored.
  case answered
}
