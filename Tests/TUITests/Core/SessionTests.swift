import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Session: start, ticks, loads and selection")
struct SessionTests {
  private func fresh(size: ScreenSize = ScreenSize(width: 80, height: 24)) -> AppState {
    AppState(profile: "default", tier: .pro, now: Fixtures.now, size: size)
  }

  private func snapshot(_ count: Int, selected: Int? = 0) -> AccountsSnapshot {
    var snapshot = Fixtures.snapshot(accounts: count, tier: .pro)
    snapshot.selectedOpenID = selected.map { snapshot.accounts[$0].openID }
    return snapshot
  }

  /// The snapshot the runner posts first for a long list: its first 10 rows, and the count.
  static func firstRows(of whole: AccountsSnapshot) -> AccountsSnapshot {
    var head = whole
    head.accounts = Array(whole.accounts.prefix(10))
    head.total = whole.accounts.count
    return head
  }

  /// A state before the first load whose over-limit chooser was already offered.
  private func chooserOffered() -> AppState {
    var state = fresh()
    state.overLimitOffered = true
    return state
  }

  @Test("starting asks for the accounts")
  func started() {
    let store = UpdateHarness(fresh())
    store.send(.started) { $0.lastExternalCheck = Fixtures.now }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("the first load takes the stored selection and puts the cursor on it")
  func firstLoad() {
    var state = fresh()
    let effects = update(&state, .accountsLoaded(snapshot(5, selected: 3)))
    #expect(state.load == .ready)
    #expect(state.accounts.selectedOpenID == Fixtures.account(3).openID)
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(3).openID)
    #expect(effects == [.loadVideos(openID: Fixtures.account(3).openID, cursor: nil)])
  }

  @Test("a long list's first rows show the whole count at once; the whole list keeps the cursor")
  func firstRowsThenWhole() {
    var state = chooserOffered()  // the chooser has its own test below
    let whole = snapshot(40, selected: 2)
    _ = update(&state, .accountsLoaded(Self.firstRows(of: whole)))
    _ = update(&state, .key(.char("j")))
    #expect(state.accounts.total == 40)
    #expect(state.accounts.accounts.count == 10)
    let text = Snapshot.text(Screens.draw(state))
    #expect(text.contains("Accounts (40)") && text.contains("40 of 5 slots"), "\(text)")
    #expect(state.isOverLimit)
    _ = update(&state, .accountsLoaded(whole))
    #expect(state.accounts.accounts.count == 40)
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(3).openID)
    #expect(state.accounts.selectedOpenID == Fixtures.account(2).openID)
  }

  @Test("keys typed while only the first rows are in apply to the whole list once it is")
  func keysWaitForWholeList() {
    var state = chooserOffered()
    let whole = snapshot(40, selected: 0)
    _ = update(&state, .accountsLoaded(Self.firstRows(of: whole)))
    _ = update(&state, .key(.char("G")))
    _ = update(&state, .key(.char("k")))
    #expect(state.accounts.window.cursor == 0)
    _ = update(&state, .accountsLoaded(whole))
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(38).openID)
    #expect(state.heldKeys.isEmpty)
  }

  @Test("when the whole list cannot be read after its first rows, the failure shows and is retried")
  func wholeListFails() {
    var state = chooserOffered()
    let whole = snapshot(40, selected: 0)
    _ = update(&state, .accountsLoaded(Self.firstRows(of: whole)))
    _ = update(&state, .key(.char("G")))
    _ = update(&state, .accountsLoadFailed(.storage("database is locked")))
    #expect(state.load == .failed(.storage("database is locked")))
    #expect(state.heldKeys.isEmpty)
    let retry = update(&state, .tick(Fixtures.now.addingTimeInterval(Session.reloadInterval)))
    #expect(retry.contains(.loadAccounts))
    _ = update(&state, .accountsLoaded(whole))
    #expect(state.load == .ready)
    #expect(state.accounts.accounts.count == 40)
  }

  @Test("an open switcher finds its rows again in a reloaded list")
  func switcherFollowsReload() {
    var state = chooserOffered()
    _ = update(&state, .accountsLoaded(snapshot(5, selected: 0)))
    _ = update(&state, .key(.char("s")))
    var fewer = snapshot(5, selected: 0)
    fewer.accounts.remove(at: 1)
    _ = update(&state, .accountsLoaded(fewer))
    guard case .switcher(let dialog) = state.overlay else {
      Issue.record("the switcher closed")
      return
    }
    #expect(dialog.rows == [0, 1, 2, 3])
  }

  @Test(
    "over the limit, the chooser waits for the whole list unless the first rows hold the active ones"
  )
  func chooserWaitsForActive() {
    for (activeInHead, offeredAtHead) in [(5, true), (3, false)] {
      var state = fresh()
      state.overLimitOffered = false
      var whole = snapshot(40)
      for index in whole.accounts.indices where index >= activeInHead {
        whole.accounts[index].status = .overLimit
      }
      _ = update(&state, .accountsLoaded(Self.firstRows(of: whole)))
      #expect(state.overLimitOffered == offeredAtHead, "\(activeInHead)")
      _ = update(&state, .accountsLoaded(whole))
      #expect(state.overLimitOffered)
      guard case .overLimit(let dialog) = state.overlay else {
        Issue.record("no chooser")
        continue
      }
      #expect(dialog.keep.count == min(activeInHead, 5))
    }
  }

  @Test("the only account is selected automatically and the choice is stored")
  func onlyAccount() {
    var state = fresh()
    let effects = update(&state, .accountsLoaded(snapshot(1, selected: nil)))
    #expect(state.accounts.selectedOpenID == Fixtures.account(0).openID)
    #expect(effects.first == .persistSelection(openID: Fixtures.account(0).openID))
  }

  @Test("several accounts and no stored selection leave the choice to the user")
  func noSelection() {
    var state = fresh()
    let effects = update(&state, .accountsLoaded(snapshot(3, selected: nil)))
    #expect(state.accounts.selectedOpenID == nil)
    #expect(!effects.contains { if case .persistSelection = $0 { true } else { false } })
  }

  @Test("when another process removes the current account, the one in its place becomes current")
  func selectedRemovedElsewhere() {
    var state = fresh()
    _ = update(&state, .accountsLoaded(snapshot(4, selected: 1)))
    var next = snapshot(4, selected: 1)
    next.accounts.remove(at: 1)
    let effects = update(&state, .accountsLoaded(next))
    #expect(state.accounts.selectedOpenID == Fixtures.account(2).openID)
    #expect(effects.contains(.persistSelection(openID: Fixtures.account(2).openID)))
  }

  @Test("a reload keeps the UI's own selection and the cursor on the same account")
  func reloadKeepsSelection() {
    var state = States.after(
      fresh(),
      [.accountsLoaded(snapshot(5, selected: 0)), .key(.char("j")), .key(.char("j")), .key(.enter)])
    var next = snapshot(5, selected: 0)
    next.accounts.insert(Fixtures.account(20), at: 0)
    _ = update(&state, .accountsLoaded(next))
    #expect(state.accounts.selectedOpenID == Fixtures.account(2).openID)
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(2).openID)
    #expect(state.accounts.window.cursor == 3)
  }

  @Test(
    "when another process makes another account current, the UI follows; a stale reload does not undo the UI's own choice"
  )
  func selectionChangedElsewhere() {
    var state = States.after(
      fresh(), [.accountsLoaded(snapshot(5, selected: 0)), .key(.char("j")), .key(.enter)])
    #expect(state.accounts.selectedOpenID == Fixtures.account(1).openID)
    // Read before the UI's choice was stored: still account 0.
    _ = update(&state, .accountsLoaded(snapshot(5, selected: 0)))
    #expect(state.accounts.selectedOpenID == Fixtures.account(1).openID)
    _ = update(&state, .accountsLoaded(snapshot(5, selected: 1)))
    #expect(state.accounts.selectedOpenID == Fixtures.account(1).openID)
    // `tractok switch` in a shell.
    let effects = update(&state, .accountsLoaded(snapshot(5, selected: 4)))
    #expect(state.accounts.selectedOpenID == Fixtures.account(4).openID)
    #expect(!effects.contains { if case .persistSelection = $0 { true } else { false } })
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(1).openID)
  }

  @Test("a new connection's account gets the cursor when the reload brings it")
  func revealOnLoad() {
    var state = States.loaded(accounts: 3)
    state.accounts.revealOnLoad = Fixtures.account(40).openID
    var next = Fixtures.snapshot(accounts: 3, tier: .pro)
    next.accounts.append(Fixtures.account(40))
    _ = update(&state, .accountsLoaded(next))
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(40).openID)
    #expect(state.accounts.revealOnLoad == nil)
  }

  @Test("ticks check for changes by other processes at most once a second")
  func externalChecks() {
    let store = UpdateHarness(States.loaded())
    let half = Fixtures.now.addingTimeInterval(0.5)
    store.send(.tick(half)) { $0.now = half }
    let one = Fixtures.now.addingTimeInterval(1)
    store.send(.tick(one)) {
      $0.now = one
      $0.lastExternalCheck = one
    }
    store.expectEffects([.checkForExternalChanges])
    store.finish()
  }

  @Test("a notice fades after its lifetime")
  func noticeFades() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("j")), .key(.enter)]))
    store.expectEffects([])
    let later = Fixtures.now.addingTimeInterval(0.5)
    store.send(.tick(later)) { $0.now = later }
    let gone = Fixtures.now.addingTimeInterval(Notice.lifetime)
    store.send(.tick(gone)) {
      $0.now = gone
      $0.notice = nil
      $0.lastExternalCheck = gone
    }
    store.expectEffects([.checkForExternalChanges])
    store.finish()
  }

  @Test("a failed first load shows the error and is tried again every few seconds")
  func failedLoad() {
    let store = UpdateHarness(States.after(fresh(), [.started]))
    store.send(.accountsLoadFailed(.storage("disk I/O error"))) {
      $0.load = .failed(.storage("disk I/O error"))
    }
    let soon = Fixtures.now.addingTimeInterval(2)
    store.send(.tick(soon)) { $0.now = soon }
    let later = Fixtures.now.addingTimeInterval(5)
    store.send(.tick(later)) {
      $0.now = later
      $0.lastExternalCheck = later
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("a failed reload keeps the accounts and says so")
  func failedReload() {
    let store = UpdateHarness(States.loaded())
    store.send(.accountsLoadFailed(.storage("locked"))) {
      $0.notice = Notice(
        "Could not reload accounts: database error: locked", kind: .error, at: Fixtures.now)
    }
    store.send(.backgroundFailed(.storage("read-only"))) {
      $0.notice = Notice("database error: read-only", kind: .error, at: Fixtures.now)
    }
    store.finish()
  }

  @Test("a resize keeps the cursor inside the smaller window")
  func resize() {
    var state = States.after(
      States.loaded(accounts: 50, size: ScreenSize(width: 100, height: 50)), [.key(.char("G"))])
    _ = update(&state, .resized(ScreenSize(width: 60, height: 15)))
    let visible = Layout(state.size).listRows
    #expect(state.accounts.window.cursor == 49)
    #expect(state.accounts.window.top == 50 - visible)
    _ = update(&state, .resized(ScreenSize(width: 1, height: 1)))
    #expect(state.accounts.window.cursor == 49)
  }
}
