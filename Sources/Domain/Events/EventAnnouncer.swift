import Foundation

/// Looks at an account after something may have changed it (a refresh, a connect, `watch`'s
/// round) and hands the events that fire, in order, to `notify` (App runs `TRACTOK_NOTIFY_CMD`). Without
/// anyone to notify it records nothing: a process with no notify command must not use up the
/// events a process with one (a `watch` under systemd) is there to announce.
public struct EventAnnouncer: Sendable {
  public typealias Notify = @Sendable ([AccountEvent], Account) -> Void

  let store: any EventStore
  let policy: RefreshPolicy
  let notify: Notify?
  let clock: @Sendable () -> Date

  public init(
    store: any EventStore, policy: RefreshPolicy, notify: Notify?,
    clock: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.store = store
    self.policy = policy
    self.notify = notify
    self.clock = clock
  }

  /// Announces what changed about the account; returns the events that fired.
  @discardableResult
  public func check(_ openID: String) -> [AccountEvent] {
    guard let notify else { return [] }
    guard let (account, events) = (try? store.announce(openID, now: clock(), policy: policy)) ?? nil
    else { return [] }
    if !events.isEmpty { notify(events, account) }
    return events
  }
}
