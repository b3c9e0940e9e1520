import Domain
import Foundation
import TestSupport
import Testing

extension UITests {
  @Suite("S5: hostile names, bios and titles never reach the terminal, JSON or log as controls")
  struct HostileTextTests {
    let width = 220
    let height = 50

    @Test(
      "every hostile string as display name, bio, video title and error: no control bytes from data, no row out of its box"
    )
    func hostileAccountsOnScreen() throws {
      // Where each check below fails, the message names the account index or the marker tag
      // (the index's digits reversed, then n, b, v or e for name, bio, video or error).
      let corpus = HostileText.corpus()
      #expect(corpus.count >= 200)
      let directory = TemporaryDirectory("tractok-ui")
      let accounts = try UISeed.hostile(home: directory.file("home"), texts: corpus)
      #expect(accounts.count == corpus.count)
      let ui = try TractokUI(directory: directory, width: width, height: height)
      // 240 accounts on the agency tier: the over-limit chooser (which lists names) comes first.
      #expect(ui.tmux.waitFor(all: ["Choose the active accounts", "Esc later"]).found)
      try ui.tmux.send("Escape")
      #expect(ui.tmux.waitUntil { !$0.contains("Choose the active accounts") }.found)

      var overflows: [String] = []
      for index in corpus.indices {
        let tag = String(String(format: "%03d", index).reversed())
        let markers = ["\(tag)b<<", "\(tag)v<<", "q quit"]
        let shown = ui.tmux.waitUntil { screen in markers.allSatisfy { Screen.holds(screen, $0) } }
        #expect(shown.found, "account \(index)'s details are not shown")
        // A capture can catch a frame half written; only a problem that stays is a defect.
        let settled = ui.tmux.waitUntil(timeout: 5) { screen in
          markers.allSatisfy { Screen.holds(screen, $0) } && boxProblems(screen).isEmpty
        }
        if !settled.found {
          overflows += boxProblems(settled.screen).map { "account \(index): \($0)" }
        }
        // Every tenth account becomes current: header and status line show its name too.
        if index % 10 == 0 { try ui.tmux.send("Enter") }
        try ui.tmux.send("j")
      }
      #expect(overflows.isEmpty, "\(overflows.prefix(5).joined(separator: "\n"))")
      try ui.tmux.send("s")
      try ui.tmux.type("x")
      #expect(ui.tmux.waitFor("Switch account").found)
      try ui.tmux.send("Escape")
      try ui.tmux.send("q")
      #expect(ui.exitStatus() == 0)

      let output = TerminalOutput(ui.output())
      let foreign = output.tokens.filter { !OwnSequences.isOwn($0) }
      #expect(foreign.isEmpty, "not tractok's own: \(foreign.prefix(10).map(\.kind))")
      let stretches = HostileText.markedStretches(in: output.bytes)
      var whole: [Character: Set<String>] = [:]
      var interrupted: [String] = []
      for stretch in stretches {
        // Until the cursor leaves the row, only ncurses's moves along it may come between.
        let row = OwnSequences.firstRow(stretch.output)
        let bad = row.filter { !OwnSequences.mayInterrupt($0) }
        if !bad.isEmpty { interrupted.append("\(stretch.tag): \(bad.prefix(3).map(\.kind))") }
        if row.count == stretch.output.tokens.count, let field = stretch.tag.last {
          whole[field, default: []].insert(stretch.tag)
        }
      }
      #expect(interrupted.isEmpty, "\(interrupted.count): \(interrupted.prefix(5))")
      // Texts cut off on screen have no end marker; most fit on their row whole.
      for field: Character in ["n", "b", "v", "e"] {
        let count = whole[field, default: []].count
        #expect(count >= corpus.count / 2, "field \(field): \(count) whole on one row")
      }
      let text = String(decoding: output.bytes, as: UTF8.self)
      let payloads = [
        "pwned", "window title", "cHduZWQ=", "evil.example", "File=inline", "Gf=100", "privacy",
        "c1 title",
      ]
      for payload in payloads {
        let leaked = text.contains(payload)
        #expect(!leaked, "\(payload) was inside a sequence and must go with it")
      }
    }

    /// Rows of the list and detail boxes whose borders are not where the layout puts them.
    func boxProblems(_ screen: String) -> [String] {
      let rows = Screen.rows(screen)
      let list = width < 100 ? width / 2 : min(width * 9 / 20, 90)
      var problems: [String] = []
      for y in 2..<(height - 3) where y < rows.count {
        let cells = Screen.columns(rows[y])
        for x in [0, list - 1, list, width - 1] where cells[x] != "│" {
          problems.append("row \(y) column \(x) is \(String(describing: cells[x])): \(rows[y])")
        }
      }
      return problems
    }
  }
}
