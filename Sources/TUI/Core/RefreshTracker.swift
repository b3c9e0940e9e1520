import Domain
import Foundation

/// Token refreshes and syncs the UI has asked for and not yet heard back about, and when it is
/// next worth looking for due accounts (so a tick costs nothing while none can be due).
public struct RefreshTracker: Equatable, Sendable {
  public internal(set) var refreshing: Set<String> = []
  public internal(set) var syncing: Set<String> = []
  /// Refreshes the user asked for with `r`, which get a note when they finish.
  var requested: Set<String> = []
  /// The earliest moment an account may become due; nil means look at the next tick.
  var nextCheck: Date?

  /// Refreshes the UI keeps in flight at once; the rest wait for following ticks.
  public static let maxConcurrent = 4

  public init() {}

  public func isRefreshing(_ openID: String) -> Bool { refreshing.contains(openID) }
}

extension RefreshTracker {
  /// On a tick: starts refreshes for accounts that `RefreshPolicy.shouldRefresh` says are due and
  /// that have none in flight, and works out when to look again.
  static func tick(_ state: inout AppState) -> [Effect] {
    guard state.load == .ready else { return [] }
    if let next = state.refresh.nextCheck, state.now < next { return [] }
    let free = maxConcurrent - state.refresh.refreshing.count
    guard free > 0 else {
      state.refresh.nextCheck = nil
      return []
    }
    var effects: [Effect] = []
    var earliest: Date?
    for account in state.accounts.accounts where !state.refresh.refreshing.contains(account.openID)
    {
      if state.policy.shouldRefresh(account, at: state.now) {
        if effects.count < free {
          effects.append(.refresh(openID: account.openID, force: false))
        } else {
          earliest = state.now
        }
      } else if let when = nextEligible(account, policy: state.policy, now: state.now) {
        earliest = min(earliest ?? when, when)
      }
    }
    for case .refresh(let openID, _) in effects { state.refresh.refreshing.insert(openID) }
    state.refresh.nextCheck = earliest
    return effects
  }

  /// When the account could next pass `shouldRefresh`, if ever (no status change assumed).
  private static func nextEligible(_ account: Account, policy: RefreshPolicy, now: Date) -> Date? {
    guard account.status == .active || account.status == .error, account.refreshExpiresAt > now
    else { return nil }
    let when = max(
      policy.dueDate(for: account), account.nextAttemptAt ?? .distantPast,
      account.leaseUntil ?? .distantPast)
    return when < account.refreshExpiresAt ? when : nil
  }

  /// `r`: refreshes the account under the cursor, or says why it cannot.
  static func refreshCursor(_ state: inout AppState) -> [Effect] {
    guard let account = state.accounts.cursorAccount else { return [] }
    guard canWork(on: account, &state, verb: "refresh") else { return [] }
    guard !state.refresh.refreshing.contains(account.openID) else {
      state.note("\(account.label) is already refreshing")
      return []
    }
    state.refresh.refreshing.insert(account.openID)
    state.refresh.requested.insert(account.openID)
    state.note("Refreshing \(account.label)…")
    return [.refresh(openID: account.openID, force: true)]
  }

  /// `R`: syncs profile and videos of the account under the cursor.
  static func syncCursor(_ state: inout AppState) -> [Effect] {
    guard let account = state.accounts.cursorAccount else { return [] }
    guard canWork(on: account, &state, verb: "sync") else { return [] }
    guard !state.refresh.syncing.contains(account.openID) else {
      state.note("\(account.label) is already syncing")
      return []
    }
    state.refresh.syncing.insert(account.openID)
    state.note("Syncing \(account.label)…")
    return [.sync(openID: account.openID)]
  }

  static func refreshFinished(_ state: inout AppState, openID: String, _ report: RefreshReport)
    -> [Effect]
  {
    state.refresh.refreshing.remove(openID)
    let asked = state.refresh.requested.remove(openID) != nil
    let label = state.accounts.account(withOpenID: openID)?.label ?? openID
    if let error = report.error {
      state.note("Refresh of \(label) failed: \(error.onScreen)", .error)
    } else if asked {
      state.note("Refreshed \(label)", .success)
    }
    return showStored(&state, report.account)
  }

  static func syncFinished(_ state: inout AppState, openID: String, _ report: SyncReport)
    -> [Effect]
  {
    state.refresh.syncing.remove(openID)
    let label = (report.account ?? state.accounts.account(withOpenID: openID))?.label ?? openID
    if let error = report.error {
      state.note("Sync of \(label) failed: \(error.onScreen)", .error)
    } else {
      state.note("Synced \(label)", .success)
      DetailPane.showSynced(&state, openID: openID, page: report.videos)
    }
    return showStored(&state, report.account)
  }

  /// Puts an account as stored after work on it (success or failure) into its row before the
  /// next frame: a grant found dead shows at once. Reloads everything when it is not known.
  static func showStored(_ state: inout AppState, _ account: Account?) -> [Effect] {
    // Its status may have changed what is due.
    state.refresh.nextCheck = nil
    guard let account, state.accounts.patch(account) else { return [.loadAccounts] }
    return []
  }

  /// Whether the account can give a token; otherwise says what to do instead.
  private static func canWork(on account: Account, _ state: inout AppState, verb: String) -> Bool {
    switch state.badge(for: account) {
    case .expired, .revoked:
      state.note(
        "Cannot \(verb) \(account.label): it needs to be connected again (press c)", .error)
      return false
    case .overLimit:
      state.note("Cannot \(verb) \(account.label): it is over the tier's limit (press o)", .error)
      return false
    case .active, .refreshing, .expiring, .error:
      return true
    }
  }
}
