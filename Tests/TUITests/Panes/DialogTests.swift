import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Switcher, disconnect, upgrade, over-limit and help dialogs")
struct DialogTests {
  @Test("the switcher filters as you type and Enter makes the match current")
  func switcher() {
    let store = UpdateHarness(States.loaded(accounts: 12))
    let visible = SwitcherDialog.visibleRows(in: Layout(store.state.size))
    store.send(.key(.char("s"))) {
      var window = ListWindow()
      window.moveTo(0, count: 12, visible: visible)
      $0.overlay = .switcher(SwitcherDialog.State(rows: Array(0..<12), window: window))
    }
    store.send(.key(.char("k"))) {
      $0.overlay = .switcher(SwitcherDialog.State(query: "k", rows: [2, 10, 11]))
    }
    store.send(.key(.down)) {
      $0.overlay = .switcher(
        SwitcherDialog.State(query: "k", rows: [2, 10, 11], window: ListWindow(cursor: 1)))
    }
    let julia = Fixtures.account(10)
    store.send(.key(.enter)) {
      $0.overlay = .none
      $0.accounts.window = ListWindow(cursor: 10, top: 0)
      $0.accounts.selectedOpenID = julia.openID
      $0.notice = Notice("Current account: \(julia.label) \(julia.handle)", at: Fixtures.now)
      $0.detail.openID = julia.openID
      $0.detail.videos = .loading
      $0.detail.request = DetailPane.VideoRequest(openID: julia.openID, cursor: nil)
    }
    store.expectEffects([
      .persistSelection(openID: julia.openID), .loadVideos(openID: julia.openID, cursor: nil),
    ])
    store.finish()
  }

  @Test("choosing in the switcher clears a list filter that hides the account")
  func switcherClearsFilter() {
    var state = States.after(
      States.loaded(accounts: 12),
      [.key(.char("/"))] + "Bob".map { .key(.char($0)) } + [.key(.enter)])
    #expect(state.accounts.rows == [1])
    state = States.after(state, [.key(.char("s"))] + "jul".map { .key(.char($0)) } + [.key(.enter)])
    #expect(state.accounts.filter == .off)
    #expect(state.accounts.cursorAccount?.openID == Fixtures.account(10).openID)
  }

  @Test("Tab opens the switcher too, Esc closes it, and an empty profile says to connect")
  func switcherOpenClose() {
    var state = States.after(States.loaded(), [.key(.tab)])
    guard case .switcher = state.overlay else {
      Issue.record("Tab should open the switcher")
      return
    }
    state = States.after(state, [.key(.escape)])
    #expect(state.overlay == .none)
    var empty = AppState(profile: "p", now: Fixtures.now)
    _ = update(
      &empty,
      .accountsLoaded(
        AccountsSnapshot(
          profile: "p", tier: .free, accounts: [], selectedOpenID: nil, app: Fixtures.app,
          isSandbox: false)))
    _ = update(&empty, .key(.char("s")))
    #expect(empty.overlay == .none)
    #expect(empty.notice?.text.contains("press c") == true)
  }

  @Test("disconnect asks, names the account, and says how the revoke went")
  func disconnect() {
    let store = UpdateHarness(States.loaded())
    let alice = Fixtures.account(0)
    let label = "\(alice.label) (\(alice.handle))"
    store.send(.key(.char("d"))) {
      $0.overlay = .disconnect(DisconnectDialog.State(openID: alice.openID, label: label))
    }
    store.send(.key(.char("y"))) {
      $0.overlay = .disconnect(
        DisconnectDialog.State(openID: alice.openID, label: label, phase: .working))
    }
    store.expectEffects([.disconnect(openID: alice.openID)])
    store.send(.key(.escape))
    let report = DisconnectReport(revoked: false, revokeError: .network("reset"), willRetry: true)
    let next = Fixtures.account(1).openID
    store.send(.disconnectFinished(openID: alice.openID, .success(report))) {
      $0.overlay = .disconnect(
        DisconnectDialog.State(openID: alice.openID, label: label, phase: .done(.success(report))))
      $0.accounts.selectedOpenID = next
      $0.notice = Notice(
        "Disconnected \(alice.label). Tokens were deleted here, but revoking at TikTok failed: "
          + "could not reach TikTok: reset. It will be retried later.",
        kind: .error, at: Fixtures.now)
    }
    store.expectEffects([.persistSelection(openID: next), .loadAccounts])
    store.send(.key(.enter)) { $0.overlay = .none }
    store.finish()
  }

  @Test("n keeps the account; a disconnect of a non-current account keeps the selection")
  func disconnectOther() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("j"))]))
    let bob = Fixtures.account(1)
    store.send(.key(.char("d"))) {
      $0.overlay = .disconnect(
        DisconnectDialog.State(openID: bob.openID, label: "\(bob.label) (\(bob.handle))"))
    }
    store.send(.key(.char("n"))) { $0.overlay = .none }
    store.send(.disconnectFinished(openID: bob.openID, .success(DisconnectReport(revoked: true)))) {
      $0.notice = Notice(
        "Disconnected \(bob.label). Access was revoked at TikTok.", kind: .success, at: Fixtures.now
      )
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("the last account's disconnect selects the one before it")
  func disconnectLast() {
    var state = States.after(States.loaded(), [.key(.char("G")), .key(.enter)])
    let last = Fixtures.account(2).openID
    let effects = update(
      &state, .disconnectFinished(openID: last, .success(DisconnectReport(revoked: true))))
    #expect(state.accounts.selectedOpenID == Fixtures.account(1).openID)
    #expect(effects == [.persistSelection(openID: Fixtures.account(1).openID), .loadAccounts])
  }

  @Test("the upgrade prompt upgrades with u and goes on to connect")
  func upgrade() {
    let store = UpdateHarness(States.loaded(accounts: 1, tier: .free))
    store.send(.key(.char("c"))) { $0.overlay = .upgrade(UpgradeDialog.State(tier: .free)) }
    // u asks first; n goes back, y upgrades.
    store.send(.key(.char("u"))) {
      $0.overlay = .upgrade(UpgradeDialog.State(tier: .free, phase: .confirm))
    }
    store.send(.key(.char("n"))) { $0.overlay = .upgrade(UpgradeDialog.State(tier: .free)) }
    store.send(.key(.char("u"))) {
      $0.overlay = .upgrade(UpgradeDialog.State(tier: .free, phase: .confirm))
    }
    store.send(.key(.char("y"))) {
      $0.overlay = .upgrade(UpgradeDialog.State(tier: .free, phase: .working))
    }
    store.expectEffects([.setTier(.pro)])
    store.send(.key(.char("u")))
    store.send(.tierChanged(.success(.pro))) {
      $0.tier = .pro
      $0.overlay = .connect(ConnectDialog.State())
      $0.notice = Notice(
        "The profile is now on the pro tier (5 slots)", kind: .success, at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("a failed upgrade says so; c connects anyway to reconnect; agency has no u")
  func upgradeOther() {
    let store = UpdateHarness(
      States.after(States.loaded(accounts: 1, tier: .free), [.key(.char("c")), .key(.char("u"))]))
    store.send(.tierChanged(.failure(.storage("locked")))) {
      $0.overlay = .upgrade(UpgradeDialog.State(tier: .free, phase: .failed(.storage("locked"))))
    }
    store.send(.key(.char("c"))) { $0.overlay = .connect(ConnectDialog.State()) }
    store.finish()
    var agency = States.after(States.loaded(accounts: 25, tier: .agency), [.key(.char("c"))])
    #expect(agency.overlay == .upgrade(UpgradeDialog.State(tier: .agency)))
    #expect(update(&agency, .key(.char("u"))).isEmpty)
    #expect(KeyMap.context(for: agency) == .upgrade(canUpgrade: false))
  }

  @Test("the over-limit chooser keeps at most the limit ticked and saves in list order")
  func overLimit() {
    var snapshot = Fixtures.snapshot(accounts: 4, tier: .free)
    for index in 1..<4 { snapshot.accounts[index].status = .overLimit }
    var state = AppState(profile: "default", tier: .free, now: Fixtures.now)
    let offered = update(&state, .accountsLoaded(snapshot))
    #expect(offered.contains(.loadVideos(openID: snapshot.accounts[0].openID, cursor: nil)))
    let first = snapshot.accounts[0].openID
    let second = snapshot.accounts[1].openID
    #expect(state.overlay == .overLimit(OverLimitDialog.State(keep: [first])))
    let store = UpdateHarness(state)
    store.send(.key(.char("j"))) {
      $0.overlay = .overLimit(OverLimitDialog.State(keep: [first], window: ListWindow(cursor: 1)))
    }
    var dialog = OverLimitDialog.State(keep: [first], window: ListWindow(cursor: 1))
    store.send(.key(.char(" "))) {
      dialog.note = "Only 1 can stay active on the free tier; untick one first"
      $0.overlay = .overLimit(dialog)
    }
    store.send(.key(.char("k"))) {
      dialog.window = ListWindow(cursor: 0)
      $0.overlay = .overLimit(dialog)
    }
    store.send(.key(.char(" "))) {
      dialog.keep = []
      dialog.note = nil
      $0.overlay = .overLimit(dialog)
    }
    store.send(.key(.enter))
    store.send(.key(.char("j"))) {
      dialog.window = ListWindow(cursor: 1)
      $0.overlay = .overLimit(dialog)
    }
    store.send(.key(.char("x"))) {
      dialog.keep = [second]
      $0.overlay = .overLimit(dialog)
    }
    store.send(.key(.enter)) {
      dialog.phase = .working
      $0.overlay = .overLimit(dialog)
    }
    store.expectEffects([.keepActive(openIDs: [second])])
    store.send(.keepActiveFinished(nil)) {
      $0.overlay = .none
      $0.notice = Notice("Saved which accounts stay active", kind: .success, at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("the over-limit chooser is offered once per session and o opens it again")
  func overLimitOfferedOnce() {
    var snapshot = Fixtures.snapshot(accounts: 3, tier: .free)
    snapshot.accounts[2].status = .overLimit
    var state = AppState(profile: "default", tier: .free, now: Fixtures.now)
    _ = update(&state, .accountsLoaded(snapshot))
    _ = update(&state, .key(.escape))
    #expect(state.overlay == .none)
    _ = update(&state, .accountsLoaded(snapshot))
    #expect(state.overlay == .none)
    _ = update(&state, .key(.char("o")))
    guard case .overLimit(let dialog) = state.overlay else {
      Issue.record("o should open the chooser")
      return
    }
    #expect(dialog.keep == [snapshot.accounts[0].openID])
  }

  @Test("help filters its lines by what is typed and scrolls within them")
  func help() {
    let store = UpdateHarness(States.loaded())
    store.send(.key(.char("?"))) { $0.overlay = .help(HelpOverlay.State()) }
    store.send(.key(.char("q"))) { $0.overlay = .help(HelpOverlay.State(query: "q")) }
    store.send(.key(.char("r"))) { $0.overlay = .help(HelpOverlay.State(query: "qr")) }
    store.send(.key(.down)) { $0.overlay = .help(HelpOverlay.State(query: "qr", scroll: 1)) }
    store.send(.key(.backspace)) { $0.overlay = .help(HelpOverlay.State(query: "q")) }
    store.send(.key(.up))
    store.send(.key(.escape)) { $0.overlay = .none }
    store.finish()
    let lines = HelpOverlay.lines(matching: "sandbox")
    #expect(lines.contains(.entry(keys: "a", help: "let the built-in sandbox approve as the user")))
    #expect(!lines.contains { if case .entry(let keys, _) = $0 { keys == "j/k" } else { false } })
    #expect(HelpOverlay.lines(matching: "zzzz").isEmpty)
  }
}
