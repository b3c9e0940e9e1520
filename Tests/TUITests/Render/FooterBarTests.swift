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

  @Test("a dialog's keys all fit at 60 columns, in fewer words, where ? more is not offered")
  func dialogKeysShortened() {
    var state = States.loaded(size: ScreenSize(width: 60, height: 20), sandbox: true)
    state.overlay = .connect(
      ConnectDialog.State(phase: .waiting(AttemptID(1), States.prompt, .browser)))
    let line = footer(state)
    for hint in ["y copy", "Tab paste", "a approve", "Esc cancel", "q quit"] {
      #expect(line.contains(hint), "\(line)")
    }
    // Where everything fits, the actions keep their words.
    state.size = ScreenSize(width: 120, height: 30)
    #expect(footer(state).contains("a approve in sandbox"), "\(footer(state))")
  }

  @Test("help lists each key of a mode once: Esc says what it does in either case")
  func helpKeysOnce() {
    let lines = HelpOverlay.lines(matching: "")
    var section = ""
    var seen: Set<String> = []
    for line in lines {
      switch line {
      case .section(let title):
        section = title
        seen = []
      case .entry(let keys, _):
        #expect(!seen.contains(keys), "\(keys) twice in \(section)")
        seen.insert(keys)
      default: break
      }
    }
    #expect(
      lines.contains {
        if case .entry("Esc", let help) = $0 {
          help.contains("; otherwise clear the filter")
        } else {
          false
        }
      })
  }

  @Test("with an error shown and a filter applied, the footer names Esc once, for the error")
  func escOnce() {
    var state = States.loaded(accounts: 12, size: ScreenSize(width: 220, height: 24))
    state = States.after(state, [.key(.char("/")), .key(.char("k")), .key(.enter)])
    _ = update(&state, .backgroundFailed(.storage("disk full")))
    let line = footer(state)
    #expect(line.components(separatedBy: "Esc ").count == 2, "\(line)")
    #expect(line.contains("Esc dismiss"), "\(line)")
  }
}
