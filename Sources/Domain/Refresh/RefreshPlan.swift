import Foundation

/// What a refresh asked for must do, decided over the values Storage read inside its
/// `BEGIN IMMEDIATE` transaction (the rest, who may send the stored token, is `RefreshGate`).
public enum RefreshPlan {
  /// Before anyone is asked about the lease.
  public enum Precheck: Equatable, Sendable {
    /// The account cannot be refreshed (expired, revoked, over-limit, no tokens, or asked for
    /// more validity than TikTok's tokens ever have).
    case unusable(DomainError)
    /// The refresh token has passed its end: the grant is dead without asking TikTok.
    case grantEnded
    /// The stored access token is good enough (another process may just have refreshed it).
    case fresh
    /// A refresh is needed (or was asked for).
    case refresh
  }

  /// `minimumValidity` is how long the access token must still be valid to count as fresh;
  /// `force` refreshes even a fresh token.
  public static func precheck(
    _ account: Account, hasTokens: Bool, now: Date, policy: RefreshPolicy,
    minimumValidity: TimeInterval, force: Bool
  ) -> Precheck {
    switch account.status {
    case .overLimit: return .unusable(.overLimit(account: account.handle))
    case .expired, .revoked:
      return .unusable(
        .needsReconnect(
          account: account.handle, reason: account.statusReason ?? account.status.rawValue))
    case .active, .error: break
    }
    guard hasTokens else {
      return .unusable(.needsReconnect(account: account.handle, reason: "no tokens are stored"))
    }
    if account.refreshExpiresAt <= now { return .grantEnded }
    let remaining = account.accessExpiresAt.timeIntervalSince(now)
    if !force && !policy.isDue(account, at: now) && remaining >= minimumValidity { return .fresh }
    if minimumValidity > account.accessLifetime, account.accessLifetime > 0 {
      // No refresh can give that: do not rotate the token for nothing.
      return .unusable(
        .failed(
          "TikTok's access tokens for \(account.handle) last \(Int(account.accessLifetime)) s, "
            + "less than the \(Int(minimumValidity)) s asked for"))
    }
    return .refresh
  }

  /// Until when a caller the gate let through must wait before sending: TikTok's hold on the
  /// token endpoint (a 429, `Retry-After`), and unless the refresh was asked for, the account's
  /// backoff after failures; nil when it may send now.
  public static func waitUntil(endpointHold: Date?, account: Account, now: Date, force: Bool)
    -> Date?
  {
    var until = endpointHold.flatMap { $0 > now ? $0 : nil }
    if !force, let next = account.nextAttemptAt, next > now { until = max(until ?? next, next) }
    return until
  }

  /// Whether a failure of the refresh that started from tokens of `failedGeneration` may be
  /// recorded: only while they are still the stored ones and no other run holds the lease, so
  /// a late failure never overwrites what a newer refresh stored.
  public static func mayRecordFailure(
    storedGeneration: Int64, failedGeneration: Int64, lease: RefreshLease, caller: String,
    now: Date
  ) -> Bool {
    storedGeneration == failedGeneration && !lease.heldByOther(than: caller, at: now)
  }
}
