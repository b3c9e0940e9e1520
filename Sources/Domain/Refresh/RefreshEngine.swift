import Foundation

/// Refreshes access tokens, one refresh per account at a time across every process.
///
/// The store takes a lease inside `BEGIN IMMEDIATE` and re-reads the stored token first (another
/// process may have refreshed it already); only the lease holder calls TikTok, and the rotated
/// pair is written with a compare-and-swap before anyone uses it. Others wait for the lease and
/// then get the new token.
public struct RefreshEngine: Sendable {
  /// Calls TikTok's refresh_token grant.
  public typealias Refresher = @Sendable (Secret) async -> Result<RotatedTokens, DomainError>
  /// Runs when an account starts needing a reconnect (TRACTOK_NOTIFY_CMD).
  public typealias Notifier = @Sendable (Account) -> Void

  public let store: any RefreshStore
  public let policy: RefreshPolicy
  /// Names this engine's leases; each refresh attempt adds its own suffix so concurrent callers
  /// in one process also wait for each other.
  public let owner: String
  private let refresher: Refresher
  private let backoff: @Sendable (Int) -> TimeInterval
  private let notify: Notifier
  let clock: @Sendable () -> Date
  private let pause: @Sendable (TimeInterval) async -> Void

  public init(
    store: any RefreshStore, policy: RefreshPolicy, refresher: @escaping Refresher,
    backoff: @escaping @Sendable (Int) -> TimeInterval, notify: @escaping Notifier = { _ in },
    owner: String = RefreshEngine.uniqueOwner(), clock: @escaping @Sendable () -> Date = { Date() },
    pause: @escaping @Sendable (TimeInterval) async -> Void = { seconds in
      try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
  ) {
    self.store = store
    self.policy = policy
    self.refresher = refresher
    self.backoff = backoff
    self.notify = notify
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
  public func validAccessToken(_ openID: String, minimumValidity: TimeInterval = 0) async
    -> Result<Secret, DomainError>
  {
    await run(openID, minimumValidity: minimumValidity, force: false).map(\.token)
  }

  /// Refreshes now (even when fresh), respecting holds TikTok asked for; returns the account.
  public func refresh(_ openID: String) async -> Result<Account, DomainError> {
    await run(openID, minimumValidity: 0, force: true).map(\.account)
  }

  /// Refreshes if due (the UI's ticks and `refresh --all` call this); returns the account.
  public func refreshIfDue(_ openID: String) async -> Result<Account, DomainError> {
    await run(openID, minimumValidity: 0, force: false).map(\.account)
  }

  struct Outcome {
    var token: Secret
    var account: Account
  }

  private func run(_ openID: String, minimumValidity: TimeInterval, force: Bool) async
    -> Result<Outcome, DomainError>
  {
    let deadline = clock().addingTimeInterval(policy.leaseDuration * 2)
    let owner = "\(self.owner)/\(RandomToken.urlSafe(byteCount: 6))"
    while true {
      let now = clock()
      let start: RefreshStart
      do {
        start = try store.beginRefresh(
          openID, owner: owner, now: now, policy: policy, minimumValidity: minimumValidity,
          force: force)
      } catch {
        return .failure(error)
      }
      switch start {
      case .fresh(let token, let account):
        return .success(Outcome(token: token, account: account))
      case .unusable(let error):
        return .failure(error)
      case .grantEnded(let account, let generation):
        let error = DomainError.needsReconnect(
          account: account.handle, reason: "the refresh token has expired")
        return failGrant(
          openID, owner: owner, generation: generation, error: error, status: .expired, now: now)
      case .waiting(let until, let account, let current):
        // An asked-for refresh that cannot happen yet is a failure, not the old token.
        if !force, let current,
          account.accessExpiresAt.timeIntervalSince(now) >= max(minimumValidity, 1)
        {
          return .success(Outcome(token: current, account: account))
        }
        return .failure(account.lastError.map(DomainError.failed) ?? .rateLimited(until: until))
      case .busy(let until):
        guard now < deadline else {
          return .failure(.timedOut("waiting for another process's refresh"))
        }
        await pause(min(0.1, max(0.01, until.timeIntervalSince(now))))
      case .leased(let tokens, let account):
        return await callTikTok(
          openID, owner: owner, tokens: tokens, account: account,
          due: policy.isDue(account, at: now))
      }
    }
  }

  /// `due` is false for a refresh the user asked for while the token was still good: its
  /// transient failure is reported, not recorded as the account's error.
  private func callTikTok(
    _ openID: String, owner: String, tokens: LeasedTokens, account: Account, due: Bool
  ) async -> Result<Outcome, DomainError> {
    let result = await callKeepingLease(openID, owner: owner, tokens: tokens)
    let now = clock()
    switch result {
    case .success(let rotated):
      do {
        let (stored, token) = try store.completeRefresh(
          openID, owner: owner, generation: tokens.generation, tokens: rotated, now: now)
        return .success(Outcome(token: token, account: stored))
      } catch {
        return .failure(error)
      }
    case .failure(let error):
      if let status = Self.deadGrantStatus(error) {
        return failGrant(
          openID, owner: owner, generation: tokens.generation, error: error, status: status,
          now: now)
      }
      var retryAt = now.addingTimeInterval(backoff(account.failureCount + 1))
      // The client has shared TikTok's wait with every process; this account waits too.
      if case .rateLimited(let until) = error { retryAt = max(retryAt, until) }
      guard due else {
        try? store.releaseLease(openID, owner: owner)
        return .failure(error)
      }
      _ = try? store.failRefresh(
        openID, owner: owner, generation: tokens.generation,
        failure: .transient(error, retryAt: retryAt), now: now)
      return .failure(error)
    }
  }

  /// Calls TikTok while renewing the lease every third of its length, so that a slow call
  /// (retries, a `Retry-After` wait, a stalled answer) never outlives it: another process
  /// taking the lease over would present the same refresh token, and TikTok would revoke the
  /// grant.
  private func callKeepingLease(_ openID: String, owner: String, tokens: LeasedTokens) async
    -> Result<RotatedTokens, DomainError>
  {
    await withTaskGroup(of: Result<RotatedTokens, DomainError>?.self) { group in
      group.addTask { await refresher(tokens.refreshToken) }
      group.addTask {
        while !Task.isCancelled {
          await pause(policy.leaseDuration / 3)
          if Task.isCancelled { break }
          let until = clock().addingTimeInterval(policy.leaseDuration)
          _ = try? store.renewLease(openID, owner: owner, until: until)
        }
        return nil
      }
      var answer: Result<RotatedTokens, DomainError> = .failure(.cancelled)
      for await finished in group {
        guard let finished else { continue }
        answer = finished
        group.cancelAll()
      }
      return answer
    }
  }

  func failGrant(
    _ openID: String, owner: String, generation: Int64, error: DomainError, status: StoredStatus,
    now: Date
  ) -> Result<Outcome, DomainError> {
    do {
      let (account, started) = try store.failRefresh(
        openID, owner: owner, generation: generation, failure: .grantDead(error, status: status),
        now: now)
      if started { notify(account) }
      return .failure(.needsReconnect(account: account.handle, reason: error.message))
    } catch {
      return .failure(error)
    }
  }

  /// `expired` for invalid_grant, `revoked` when TikTok says access was withdrawn; nil when
  /// the failure may pass.
  static func deadGrantStatus(_ error: DomainError) -> StoredStatus? {
    guard case .tikTok(let tikTok) = error else { return nil }
    guard tikTok.code == "invalid_grant" || tikTok.code == "access_token_invalid" else {
      return nil
    }
    return tikTok.message.lowercased().contains("revoke") ? .revoked : .expired
  }
}
