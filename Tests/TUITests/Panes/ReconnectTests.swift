import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Reconnecting an account in place")
struct ReconnectTests {
  let one = AttemptID(1)

  init() { _ = TestLocale.pinned }

  /// A full free profile whose only account was revoked at TikTok.
  func revokedOnFree() -> AppState {
    var snapshot = Fixtures.snapshot(accounts: 1, tier: .free, isSandbox: true)
    snapshot.accounts[0].status = .revoked
    snapshot.accounts[0].statusReason = "TikTok said invalid_grant: Refresh token has been revoked."
    var state = AppState(profile: "default", tier: .free, isSandbox: true, now: Fixtures.now)
    state.lastExternalCheck = Fixtures.now
    _ = update(&state, .accountsLoaded(snapshot))
    return state
  }

  @Test("c on an account that needs a reconnect opens its reconnect, with no upgrade prompt")
  func cReconnects() {
    let state = revokedOnFree()
    let account = state.accounts.accounts[0]
    #expect(!state.hasFreeSlot)
    #expect(KeyMap.hints(for: state).contains { $0.keys == "c" && $0.action == "reconnect" })
    let store = UpdateHarness(state)
    store.send(.key(.char("c"))) {
      $0.overlay = .connect(ConnectDialog.State(reconnecting: ConnectDialog.Target(account)))
    }
    let text = Snapshot.text(Screens.draw(store.state))
    #expect(text.contains("Reconnect Alice Wonder (@user_0)"))
    #expect(text.contains("no new one is needed"))
    store.finish()
  }

  @Test("choosing the QR code keeps the account being reconnected in the title")
  func qrTitleNamesAccount() {
    var state = revokedOnFree()
    state.size = ScreenSize(width: 80, height: 40)
    _ = update(&state, .key(.char("c")))
    _ = update(&state, .key(.char("2")))
    _ = update(&state, .qrStarted(AttemptID(1), .success(States.qrPrompt)))
    let text = Snapshot.text(Screens.draw(state))
    #expect(text.contains("Reconnect Alice Wonder (@user_0) with a QR code"), "\(text)")
  }

  @Test("c on a healthy account in a full profile still offers the upgrade")
  func cOnHealthyAccount() {
    var state = States.loaded(accounts: 1, tier: .free)
    _ = update(&state, .key(.char("c")))
    #expect(state.overlay == .upgrade(UpgradeDialog.State(tier: .free)))
  }

  @Test("approving in the sandbox approves as the account being reconnected, for browser and QR")
  func approveAsTarget() {
    let target = ConnectDialog.Target(revokedOnFree().accounts.accounts[0])
    let store = UpdateHarness(revokedOnFree())
    store.send(.key(.char("c"))) {
      $0.overlay = .connect(ConnectDialog.State(reconnecting: target))
    }
    store.send(.key(.enter)) {
      $0.overlay = .connect(
        ConnectDialog.State(phase: .starting(self.one, .browser), reconnecting: target))
      $0.nextAttempt = 2
    }
    store.expectEffects([.startConnect(one, openBrowser: true)])
    store.send(.connectStarted(one, .success(States.prompt))) {
      $0.overlay = .connect(
        ConnectDialog.State(
          phase: .waiting(self.one, States.prompt, .browser), reconnecting: target))
    }
    store.expectEffects([.pollCallback(one)])
    store.send(.key(.char("a"))) {
      var dialog = ConnectDialog.State(
        phase: .waiting(self.one, States.prompt, .browser), reconnecting: target)
      dialog.note = "Asking the sandbox to approve as the user…"
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.approveInSandbox(one, account: target.openID)])
    store.finish()
  }

  @Test("when TikTok signs in another account, the result says the chosen one still needs it")
  func otherAccountSignedIn() {
    var state = revokedOnFree()
    _ = update(&state, .key(.char("c")))
    _ = update(&state, .key(.enter))
    _ = update(&state, .connectStarted(one, .success(States.prompt)))
    let other = ConnectOutcome(account: Fixtures.account(5), reconnected: false, declinedScopes: [])
    _ = update(&state, .connectFinished(one, .success(other)))
    let text = Snapshot.text(Screens.draw(state))
    #expect(text.contains("not @user_0"))
  }
}
