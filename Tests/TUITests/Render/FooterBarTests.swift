import Domain
import Foundation
import Testing

@testable import TUI

@Suite("The footer, narrow badges and the help at narrow widths")
struct FooterBarTests {
  init() { _ = TestLocale.pinned }

  func footer(_ state: AppState) -> String {
    Screens.draw(state).rowText(state.size.height - 1)
  }

  @Test(
    "when keys do not fit the footer says ? more; when all fit, ? help",
    arguments: [(80, true), (60, true), (220, false)])
  func more(width: Int, dropped: Bool) {
    let state = States.loaded(size: ScreenSize(width: width, height: 24))
    #expect(footer(state).contains("? more") == dropped, "\(footer(state))")
    #expect(footer(state).contains("? help") == !dropped, "\(footer(state))")
    #expect(footer(state).contains("q quit"))
  }

  @Test("narrow badges tell every status apart, each two columns")
  func narrowBadges() {
    let badges = AccountStatus.allCases.map(Badge.narrow)
    #expect(Set(badges).count == AccountStatus.allCases.count)
    #expect(badges.allSatisfy { TerminalText.columns($0) == 2 })
  }

  @Test("help wraps long lines instead of cutting them, and explains badges and the CLI")
  func helpWraps() {
    let rows = HelpOverlay.rows(matching: "", width: 40)
    #expect(rows.allSatisfy { TerminalText.columns($0.text) + $0.column <= 40 })
    let text = rows.map(\.text).joined(separator: " ")
    #expect(text.contains("newer / older page of videos (more are fetched from TikTok as needed)"))
    #expect(rows.contains { $0.keys == "⊗R revoked" })
    #expect(text.contains("`tractok token ACCOUNT` prints a valid access token"))
    #expect(HelpOverlay.lines(matching: "revoked").contains(.section("Status badges")))
  }
}
