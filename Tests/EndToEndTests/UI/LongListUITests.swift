import Foundation
import TestSupport
import Testing

extension UITests {
  @Suite("A long list in tmux: its first rows show at once, the whole list follows")
  struct LongListUITests {
    @Test("600 accounts: the title and header count all of them, and G reaches the last one")
    func longList() throws {
      let directory = TemporaryDirectory("tractok-ui")
      let accounts = try UISeed.fixtures(home: directory.file("home"), count: 600)
      let ui = try TractokUI(directory: directory, width: 120, height: 30)
      // 600 accounts on the agency tier: the over-limit chooser opens first.
      let chooser = ui.tmux.waitFor(all: ["Accounts (600)", "Choose the active accounts"])
      #expect(chooser.found, "\(chooser.screen)")
      #expect(Screen.header(chooser.screen).contains("600 of 25 slots"), "\(chooser.screen)")
      try ui.tmux.send("Escape")
      #expect(ui.tmux.waitUntil { !$0.contains("Choose the active accounts") }.found)
      try ui.tmux.send("G")
      let last = try #require(accounts.last).displayName
      let shown = ui.tmux.waitUntil { ui.listRow(last, in: $0)?.contains("›") == true }
      #expect(shown.found, "\(shown.screen)")
    }
  }
}
