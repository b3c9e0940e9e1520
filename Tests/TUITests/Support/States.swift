import Domain
import Foundation

@testable import TUI

/// Small states for update tests.
enum States {
  /// A loaded profile with `count` accounts, the first current and its videos shown. Tokens
  /// are fresh (nothing due for refresh for hours) unless `fresh` is false.
  static func loaded(
    accounts count: Int = 3, tier: Tier = .pro,
    size: ScreenSize = ScreenSize(width: 80, height: 24),
    sandbox: Bool = false, fresh: Bool = true
  ) -> AppState {
    var snapshot = Fixtures.snapshot(accounts: count, tier: tier, isSandbox: sandbox)
    if fresh {
      for index in snapshot.accounts.indices where snapshot.accounts[index].status != .expired {
        snapshot.accounts[index].accessExpiresAt = Fixtures.now.addingTimeInterval(20 * 3600)
      }
    }
    var state = AppState(
      profile: "default", tier: tier, isSandbox: sandbox, now: Fixtures.now, size: size)
    state.overLimitOffered = true
    state.lastExternalCheck = Fixtures.now
    _ = update(&state, .accountsLoaded(snapshot))
    if let request = state.detail.request {
      _ = update(
        &state,
        .videosLoaded(
          openID: request.openID, cursor: nil, VideoPageReport(.success(Fixtures.videos()))))
    }
    // The first tick schedules the next refresh check; tests start after it.
    _ = update(&state, .tick(Fixtures.now))
    return state
  }

  static let prompt = ConnectPrompt(
    authorizeURL: "https://www.tiktok.com/v2/auth/authorize/?client_key=k&state=s",
    sshForward: "ssh -L 8723:127.0.0.1:8723 me@host",
    sshEscape: "Enter ~C then -L 8723:127.0.0.1:8723",
    expiresAt: Fixtures.now.addingTimeInterval(300), canApproveInSandbox: true)

  /// The dialog of attempt 1 waiting on `prompt`, with `text` typed into its focused paste
  /// field (being checked, after Enter).
  static func pasting(
    _ text: String, _ prompt: ConnectPrompt, _ method: ConnectDialog.Method,
    checking: Bool = false
  ) -> ConnectDialog.State {
    var dialog = ConnectDialog.State(phase: .waiting(AttemptID(1), prompt, method))
    dialog.paste.text = text
    dialog.paste.isChecking = checking
    dialog.focus = .paste
    return dialog
  }

  /// What the prompt says when another tractok of the user holds the fixed redirect port.
  static let listenerProblem = ListenerProblem.inUse(.ipv4, port: 8723).explanation(
    holder: .own(pid: 4242, command: "tractok"))

  static let qrPrompt = QRPrompt(
    scanURL: "aweme://authorize?client_key=k&client_ticket=t&state=s",
    expiresAt: Fixtures.now.addingTimeInterval(300), canApproveInSandbox: true)

  /// Runs messages and drops their effects (for setting up a state to test from).
  static func after(_ state: AppState, _ messages: [Msg]) -> AppState {
    var state = state
    for msg in messages { _ = update(&state, msg) }
    return state
  }

  static func connect(_ state: AppState) -> ConnectDialog.State? {
    if case .connect(let dialog) = state.overlay { return dialog }
    return nil
  }
}
