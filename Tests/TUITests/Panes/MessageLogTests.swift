import Domain
import Foundation
import Testing

@testable import TUI

@Suite("The status line and the message log")
struct MessageLogTests {
  init() { _ = TestLocale.pinned }

  static let failure = DomainError.tikTok(
    TikTokError(
      code: "temporarily_unavailable", message: "Something went wrong. Please try again later.",
      logID: "20250115120000A1B2C3D4E5F6", httpStatus: 503))

  @Test("a failure stays on the status line past the time information fades; Esc takes it off")
  func failuresStay() {
    var state = States.loaded()
    let alice = Fixtures.account(0)
    _ = update(
      &state,
      .refreshFinished(openID: alice.openID, RefreshReport(account: alice, error: Self.failure)))
    let shown = Notice(
      "Refresh of \(alice.label) failed: \(Self.failure.message)", kind: .error, at: Fixtures.now)
    #expect(state.notice == shown)
    _ = update(&state, .tick(Fixtures.now.addingTimeInterval(Notice.lifetime * 10)))
    #expect(state.notice == shown)
    #expect(KeyMap.hints(for: state).first.map { "\($0.keys) \($0.action)" } == "Esc dismiss")
    let store = UpdateHarness(state)
    store.send(.key(.escape)) { $0.notice = nil }
    #expect(store.state.messages == [shown])
    #expect(KeyMap.message(for: .escape, in: store.state) == nil)
    store.finish()
  }

  @Test("information fades; a newer message replaces a failure")
  func informationFades() {
    var state = States.after(States.loaded(), [.backgroundFailed(.storage("locked"))])
    #expect(state.notice?.kind == .error)
    _ = update(&state, .key(.char("r")))
    #expect(state.notice?.kind == .info)
    _ = update(&state, .tick(Fixtures.now.addingTimeInterval(Notice.lifetime)))
    #expect(state.notice == nil)
    #expect(state.messages.map(\.kind) == [.error, .info])
  }

  @Test("a long failure wraps over up to three rows, and the list gives them up")
  func failureWraps() {
    let state = States.after(
      States.loaded(size: ScreenSize(width: 80, height: 24)),
      [
        .refreshFinished(
          openID: Fixtures.account(0).openID, RefreshReport(account: nil, error: Self.failure))
      ])
    let lines = FooterBar.statusLines(state)
    #expect(lines.count == 2)
    #expect(lines.joined(separator: " ").contains("log_id 20250115120000A1B2C3D4E5F6"))
    #expect(state.layout.status.height == 2)
    #expect(state.layout.listRows == Layout(state.size).listRows - 1)
    let buffer = Screens.draw(state)
    #expect(buffer.rowText(21).contains("Refresh of Alice Wonder failed"))
    #expect(buffer.rowText(22).contains("log_id 20250115120000A1B2C3D4E5F6"))
  }

  @Test("m shows every message in full, newest at the bottom, with TikTok's log_id")
  func logShowsAll() {
    var state = States.loaded(size: ScreenSize(width: 60, height: 20))
    for index in 0..<30 {
      _ = update(&state, .backgroundFailed(.failed("failure number \(index)")))
    }
    _ = update(
      &state,
      .refreshFinished(
        openID: Fixtures.account(0).openID, RefreshReport(account: nil, error: Self.failure)))
    _ = update(&state, .key(.char("m")))
    guard case .messages(let log) = state.overlay else {
      Issue.record("m did not open the log")
      return
    }
    let rows = MessageLog.rows(state)
    #expect(log.scroll == rows.count - MessageLog.visibleRows(in: state.layout))
    let text = Snapshot.text(Screens.draw(state))
    #expect(text.contains("20250115120000A1B2C3D4E5F6"))
    #expect(text.contains("Please try again later."))
    _ = update(&state, .key(.pageUp))
    guard case .messages(let scrolled) = state.overlay else { return }
    #expect(scrolled.scroll == log.scroll - 10)
    _ = update(&state, .key(.escape))
    #expect(state.overlay == .none)
  }

  @Test("the log keeps the last 500 messages")
  func logIsBounded() {
    var state = States.loaded()
    for index in 0..<(AppState.messageLimit + 20) {
      _ = update(&state, .backgroundFailed(.failed("n\(index)")))
    }
    #expect(state.messages.count == AppState.messageLimit)
    #expect(state.messages.first?.text == "n20")
  }
}
