import Domain
import Foundation
import Testing

@testable import TUI

/// Snapshots of what each status shows, of failures on the status line and in the log, and of
/// the panels and questions added for daily use, at 120x35, 80x24 and 60x20.
@Suite("Status and message snapshots")
struct StatusSnapshotTests {
  static let sizes = [
    ScreenSize(width: 120, height: 35), ScreenSize(width: 80, height: 24),
    ScreenSize(width: 60, height: 20),
  ]

  init() { _ = TestLocale.pinned }

  static let failure = DomainError.tikTok(
    TikTokError(
      code: "temporarily_unavailable", message: "Something went wrong. Please try again later.",
      logID: "20250115120000A1B2C3D4E5F6", httpStatus: 503))

  /// Twelve fixture accounts with the cursor on row `row` (6 is expired, 3 in error).
  func list(_ size: ScreenSize, row: Int) -> AppState {
    var state = Fixtures.state(accounts: 12, size: size, tier: .agency)
    state.isSandbox = true
    state = Screens.after(state, Array(repeating: .key(.char("j")), count: row))
    while let request = state.detail.request {
      state = Screens.after(
        state,
        [
          .videosLoaded(
            openID: request.openID, cursor: request.cursor,
            VideoPageReport(.success(Fixtures.videos())))
        ])
    }
    return state
  }

  func name(_ base: String, _ size: ScreenSize) -> String {
    "\(base)-\(size.width)x\(size.height)"
  }

  @Test("an expired account: no token times, the key that reconnects it", arguments: sizes)
  func expired(size: ScreenSize) {
    Snapshot.assertMatches(Screens.draw(list(size, row: 6)), named: name("status-expired", size))
  }

  @Test(
    "an account in error: its next attempt first, and a failure wrapped on the status line",
    arguments: sizes)
  func errorAndFailure(size: ScreenSize) {
    let state = Screens.after(
      list(size, row: 3),
      [
        .refreshFinished(
          openID: Fixtures.account(3).openID, RefreshReport(account: nil, error: Self.failure))
      ])
    Snapshot.assertMatches(Screens.draw(state), named: name("status-error", size))
  }

  @Test("the message log", arguments: [sizes[1], sizes[2]])
  func messageLog(size: ScreenSize) {
    let state = Screens.after(
      list(size, row: 0),
      [
        .key(.char("r")),
        .refreshFinished(
          openID: Fixtures.account(0).openID, RefreshReport(account: nil, error: Self.failure)),
        .key(.char("m")),
      ])
    Snapshot.assertMatches(Screens.draw(state), named: name("messages", size))
  }

  @Test("the sandbox panel", arguments: [sizes[1], sizes[2]])
  func sandboxPanel(size: ScreenSize) {
    let controls = SandboxControls(
      pageURL: "http://127.0.0.1:41234/_sandbox/",
      faultsURL: "http://127.0.0.1:41234/_sandbox/faults",
      sshForward: "ssh -L 41234:127.0.0.1:41234 maria@build-box")
    let state = Screens.after(
      list(size, row: 0), [.key(.char("S")), .sandboxLocated(.success(controls))])
    Snapshot.assertMatches(Screens.draw(state), named: name("sandbox", size))
  }

  @Test("reconnecting an expired account", arguments: [sizes[1], sizes[2]])
  func reconnect(size: ScreenSize) {
    let state = Screens.after(list(size, row: 6), [.key(.char("c"))])
    Snapshot.assertMatches(Screens.draw(state), named: name("reconnect", size))
  }

  @Test("u asks before it changes the tier", arguments: [sizes[1], sizes[2]])
  func upgradeConfirm(size: ScreenSize) {
    let state = Screens.after(
      States.loaded(accounts: 1, tier: .free, size: size), [.key(.char("c")), .key(.char("u"))])
    Snapshot.assertMatches(Screens.draw(state), named: name("upgrade-confirm", size))
  }

  @Test("help at 60 columns wraps, with the badge legend", arguments: [sizes[2]])
  func help(size: ScreenSize) {
    let state = Screens.after(
      list(size, row: 0), [.key(.char("?")), .key(.char("b")), .key(.char("a")), .key(.char("d"))])
    Snapshot.assertMatches(Screens.draw(state), named: name("help-badges", size))
  }
}
