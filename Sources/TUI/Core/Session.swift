import Domain
import Foundation

/// Start, time, size and data arriving for the whole screen.
enum Session {
  /// How often the database is checked for changes made by other processes.
  static let externalCheckInterval: TimeInterval = 1
  /// How often a failed load is tried again.
  static let reloadInterval: TimeInterval = 5

  static func started(_ state: inout AppState) -> [Effect] {
    state.lastExternalCheck = state.now
    return [.loadAccounts]
  }

  static func resized(_ state: inout AppState, _ size: ScreenSize) -> [Effect] {
    state.size = size
    let layout = state.layout
    let count = state.accounts.accounts.count
    switch state.overlay {
    case .switcher(var dialog):
      dialog.window.clamp(count: dialog.rows.count, visible: SwitcherDialog.visibleRows(in: layout))
      state.overlay = .switcher(dialog)
    case .overLimit(var dialog):
      dialog.window.clamp(count: count, visible: OverLimitDialog.visibleRows(in: layout))
      state.overlay = .overLimit(dialog)
    default: break
    }
    return []
  }

  static func tick(_ state: inout AppState, _ date: Date) -> [Effect] {
    state.now = date
    if let notice = state.notice, notice.hasFaded(at: date) { state.notice = nil }
    var effects = ConnectDialog.tick(&state)
    effects += RefreshTracker.tick(&state)
    let since = state.lastExternalCheck.map { date.timeIntervalSince($0) } ?? .infinity
    switch state.load {
    case .ready where since >= externalCheckInterval || since < 0:
      state.lastExternalCheck = date
      effects.append(.checkForExternalChanges)
    case .failed where since >= reloadInterval || since < 0:
      state.lastExternalCheck = date
      effects.append(.loadAccounts)
    default: break
    }
    return effects
  }

  /// Takes a fresh snapshot. The UI's own selection stays unless its account is gone (then the
  /// account that took its place becomes current) or another process chose another one. The
  /// only account is selected automatically.
  static func accountsLoaded(_ state: inout AppState, _ snapshot: AccountsSnapshot) -> [Effect] {
    let firstLoad = state.load != .ready
    let previous = state.accounts.selectedOpenID
    let storedBefore = state.accounts.storedSelection
    state.accounts.storedSelection = snapshot.selectedOpenID
    let previousPosition = previous.flatMap { state.accounts.index.position(of: $0) }
    state.profile = snapshot.profile
    state.tier = snapshot.tier
    state.app = snapshot.app
    state.isSandbox = snapshot.isSandbox
    state.load = .ready
    state.refresh.nextCheck = nil
    let visible = state.layout.listRows
    state.accounts.load(snapshot.accounts, total: snapshot.total, visible: visible)
    state.accounts.awaitingWhole = !snapshot.isComplete

    var effects: [Effect] = []
    let list = state.accounts
    var selected = firstLoad ? snapshot.selectedOpenID : previous
    // Only a change in the stored choice is followed: a snapshot read before the UI stored its
    // own choice still holds the old one, and must not undo it.
    if !firstLoad, let stored = snapshot.selectedOpenID, stored != storedBefore {
      selected = stored
    }
    if let id = selected, list.account(withOpenID: id) == nil { selected = nil }
    if selected == nil {
      if let position = previousPosition, !firstLoad,
        let replacement = list.account(at: min(position, list.accounts.count - 1))
      {
        selected = replacement.openID
      } else if list.accounts.count == 1 {
        selected = list.accounts.first?.openID
      } else if let stored = snapshot.selectedOpenID, list.account(withOpenID: stored) != nil {
        selected = stored
      }
      if let id = selected, id != snapshot.selectedOpenID {
        effects.append(.persistSelection(openID: id))
      }
    }
    state.accounts.selectedOpenID = selected
    if firstLoad, let id = selected { state.accounts.focus(openID: id, visible: visible) }
    SwitcherDialog.follow(&state)

    // The chooser ticks the accounts active now: the first rows of a long list must hold as many
    // as the tier keeps, or the whole list decides.
    if state.isOverLimit && !state.overLimitOffered && state.overlay == .none
      && (snapshot.isComplete
        || state.accounts.accounts.lazy.filter { $0.status != .overLimit }.count
          >= state.tier.slotLimit)
    {
      state.overLimitOffered = true
      effects += OverLimitDialog.open(&state)
    }
    return effects
  }

  static func loadFailed(_ state: inout AppState, _ error: DomainError) -> [Effect] {
    // A list of which only the first rows came is not loaded: the failure shows, and is tried
    // again, as at start. Keys held for it go to that screen.
    if state.load == .ready && !state.accounts.awaitingWhole {
      state.note("Could not reload accounts: \(error.message)", .error)
    } else {
      state.load = .failed(error)
      state.accounts.awaitingWhole = false
    }
    return []
  }
}
