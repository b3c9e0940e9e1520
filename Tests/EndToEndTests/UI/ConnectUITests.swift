import Foundation
import TestSupport
import Testing

extension UITests {
  @Suite("The UI in tmux: empty state, connecting through the dialog, a second account")
  struct ConnectUITests {
    @Test("an empty profile says how to connect, on the sandbox with its badge")
    func emptyState() throws {
      let ui = try TractokUI()
      let shown = ui.tmux.waitFor(all: [
        "No TikTok account is connected yet.", "Press c to connect one here", "tractok connect",
        "SANDBOX", "default · app sandbox · free · 0 of 1 slots", "no account connected", "q quit",
      ])
      #expect(shown.found, "\(shown.screen)")
    }

    @Test("c, browser, a: the sandbox approves, the account is added and the header names it")
    func connectThroughDialog() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.startBrowserAttempt()
      try ui.tmux.send("a")
      // The footer is drawn last: with it on screen, the whole result frame is.
      let added = ui.tmux.waitFor(all: ["✓ Added Maya Chen (@mayacooks).", "Enter close"])
      #expect(added.found, "\(added.screen)")
      // Regression: the "asking" note stayed under the success message.
      #expect(!added.screen.contains("Asking the sandbox"), "\(added.screen)")
      try ui.tmux.send("Enter")
      let list = ui.tmux.waitUntil { screen in
        Screen.header(screen).contains("Maya Chen @mayacooks")
          && Screen.header(screen).contains("1 of 1 slots")
          && screen.contains("Accounts (1)") && !screen.contains("Connect a TikTok account")
      }
      #expect(list.found, "\(list.screen)")
      #expect(eventually { (try? ui.storedSelection()) == "mayacooks" })
    }

    @Test(
      "at the free tier's limit c offers the upgrade; u asks, y upgrades, a adds a second account")
    func secondAccountThroughUpgrade() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.connectBySandbox(expecting: "Maya Chen")
      try ui.tmux.send("c")
      let upgrade = ui.tmux.waitFor(all: ["No free slot", "tractok tier set pro", "u upgrade now"])
      #expect(upgrade.found, "\(upgrade.screen)")
      try ui.tmux.send("u")
      let asked = ui.tmux.waitFor(all: [
        "Move profile default to the pro tier (5 slots)?", "y upgrade",
      ])
      #expect(asked.found, "\(asked.screen)")
      #expect(Screen.header(asked.screen).contains("free · 1 of 1 slots"))
      try ui.tmux.send("y")
      let chooser = ui.tmux.waitFor(all: [
        "How do you want to sign in to TikTok?", "pro · 1 of 5 slots",
      ])
      #expect(chooser.found, "\(chooser.screen)")
      try ui.approveBySandbox(expecting: "✓ Added Nova ✨ Stars (@novastars).")
      // The new account gets the cursor; the current one (scripts' default) stays Maya.
      let list = ui.tmux.waitUntil { screen in
        screen.contains("Accounts (2)") && Screen.header(screen).contains("Maya Chen @mayacooks")
          && Screen.header(screen).contains("2 of 5 slots") && screen.contains("@novastars")
      }
      #expect(list.found, "\(list.screen)")
    }

    @Test("with tractok tier set pro run first, the dialog's browser method connects two accounts")
    func secondAccountAfterTierSet() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      #expect(try ui.run(["tier", "set", "pro"]).status == 0)
      #expect(ui.tmux.waitUntil { Screen.header($0).contains("pro · 0 of 5 slots") }.found)
      try ui.connectBySandbox(expecting: "Maya Chen")
      try ui.connectBySandbox(expecting: "Nova ✨ Stars")
      let list = ui.tmux.waitFor(all: ["Accounts (2)", "Maya Chen", "Nova ✨ Stars"])
      #expect(list.found, "\(list.screen)")
    }
  }
}
