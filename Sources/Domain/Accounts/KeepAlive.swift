import Foundation

/// `tractok watch`'s work: one round over every account of the data directory (refresh what is
/// due, announce what changed, retry queued revokes), and when the next round is needed.
public struct KeepAlive: Sendable {
  /// What a round did, one log line each.
  public enum Action: Equatable, Sendable {
    case refreshed(Account)
    case refreshFailed(Account, DomainError)
    case announced(AccountEvent, Account)
  }

  let service: AccountService

  public init(_ service: AccountService) { self.service = service }

  /// Refreshes every account that is due (and out of backoff), then announces what changed
  /// about each account, whichever process changed it.
  public func round() async -> [Action] {
    var actions: [Action] = []
    let accounts = (try? service.store.allAccounts()) ?? []
    for account in accounts {
      if service.engine.policy.shouldRefresh(account, at: service.now) {
        switch await service.engine.refreshIfDue(account.openID) {
        case .success(let refreshed):
          if refreshed.lastRefreshAt != account.lastRefreshAt {
            actions.append(.refreshed(refreshed))
          }
        case .failure(let error):
          actions.append(.refreshFailed(account, error))
        }
      }
      actions += service.events.check(account.openID).map { .announced($0, account) }
    }
    await service.retryPendingRevocations()
    return actions
  }

  /// When the next round should start: when the first account comes due or out of backoff,
  /// and at the latest after `interval` (expiring stages and other processes' changes are
  /// noticed then); never sooner than a second.
  public static func nextRound(
    after now: Date, accounts: [Account], interval: TimeInterval, policy: RefreshPolicy
  ) -> Date {
    let due = accounts.compactMap { account -> Date? in
      guard account.status == .active || account.status == .error,
        account.refreshExpiresAt > now
      else { return nil }
      return max(policy.dueDate(for: account), account.nextAttemptAt ?? .distantPast)
    }
    let next = min(due.min() ?? .distantFuture, now.addingTimeInterval(interval))
    return max(next, now.addingTimeInterval(1))
  }
}
