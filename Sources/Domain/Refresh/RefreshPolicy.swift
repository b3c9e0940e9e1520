import Foundation

/// When an access token is due for refresh: less than max(minimum margin, fraction of its
/// lifetime) left. Lifetimes come from each token response, never from constants.
public struct RefreshPolicy: Equatable, Sendable {
  public var minimumMargin: TimeInterval
  public var lifetimeFraction: Double
  /// How close to its end a refresh token makes the account `expiring` ("reconnect before DATE").
  public var reconnectWarning: TimeInterval
  /// How long a refresh lease lasts before another process may take it over.
  public var leaseDuration: TimeInterval
  /// Test-only: false turns the cross-process lease and the record of attempts in flight off,
  /// so the S2 control run can show that its checks fail without them
  /// (`TRACTOK_TEST_DISABLE_LEASE=1`). Never off in normal use.
  public var usesLease: Bool

  public init(
    minimumMargin: TimeInterval = 600, lifetimeFraction: Double = 0.1,
    reconnectWarning: TimeInterval = 14 * 86400, leaseDuration: TimeInterval = 30,
    usesLease: Bool = true
  ) {
    self.minimumMargin = minimumMargin
    self.lifetimeFraction = lifetimeFraction
    self.reconnectWarning = reconnectWarning
    self.leaseDuration = leaseDuration
    self.usesLease = usesLease
  }

  /// The margin before expiry at which a token of `lifetime` seconds is refreshed: never more
  /// than half the lifetime, or a short-lived token would be due the moment it is issued.
  public func margin(forLifetime lifetime: TimeInterval) -> TimeInterval {
    min(max(minimumMargin, lifetime * lifetimeFraction), lifetime / 2)
  }

  /// The moment the account's access token becomes due for refresh.
  public func dueDate(for account: Account) -> Date {
    account.accessExpiresAt.addingTimeInterval(-margin(forLifetime: account.accessLifetime))
  }

  /// Whether the access token should be refreshed at `now` (ignoring backoff).
  public func isDue(_ account: Account, at now: Date) -> Bool { now >= dueDate(for: account) }

  /// Whether the refresh engine may try this account at `now`: it is usable, due, out of
  /// backoff and not leased by another process.
  public func shouldRefresh(_ account: Account, at now: Date) -> Bool {
    guard account.status == .active || account.status == .error else { return false }
    guard isDue(account, at: now), account.refreshExpiresAt > now else { return false }
    if let next = account.nextAttemptAt, next > now { return false }
    if let lease = account.leaseUntil, lease > now { return false }
    return true
  }
}
