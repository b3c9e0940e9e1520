import Foundation
import TestSupport
import Testing

extension UITests {
  @Suite("The UI in tmux: switcher, filter, mouse, help, refresh and disconnect")
  struct NavigationUITests {
    /// A UI over six fixture accounts (Maya, Leo, Aiko, Sofía, Noah and Zanele Cooks 0-5).
    func sixAccounts() throws -> TractokUI {
      let directory = TemporaryDirectory("tractok-ui")
      try UISeed.fixtures(home: directory.file("home"), count: 6)
      let ui = try TractokUI(directory: directory)
      #expect(ui.tmux.waitFor(all: ["Accounts (6)", "Zanele Cooks 5", "q quit"]).found)
      return ui
    }

    @Test("s opens the switcher, typing narrows it, Enter makes the match current and stored")
    func switcherWithFilter() throws {
      let ui = try sixAccounts()
      try ui.tmux.send("s")
      let open = ui.tmux.waitFor(all: ["Switch account", "6 of 6", "Sofía Cooks 3"])
      #expect(open.found, "\(open.screen)")
      try ui.tmux.type("zan")
      let narrowed = ui.tmux.waitFor(all: ["1 of 6", "Zanele Cooks 5"])
      #expect(narrowed.found, "\(narrowed.screen)")
      try ui.tmux.send("Enter")
      let chosen = ui.tmux.waitUntil { screen in
        Screen.header(screen).contains("Zanele Cooks 5 @zanelecooks5")
          && !screen.contains("Switch account")
      }
      #expect(chosen.found, "\(chosen.screen)")
      #expect(eventually { (try? ui.storedSelection()) == "zanelecooks5" })
    }

    @Test("Tab opens the switcher too, and the header follows each choice")
    func tabSwitcherHeaderFollows() throws {
      let ui = try sixAccounts()
      for (query, name) in [("aik", "Aiko Cooks 2"), ("leo", "Leo Cooks 1")] {
        try ui.tmux.send("Tab")
        #expect(ui.tmux.waitFor(all: ["Switch account", "Find:"]).found)
        try ui.tmux.type(query)
        #expect(ui.tmux.waitFor("1 of 6").found)
        try ui.tmux.send("Enter")
        let chosen = ui.tmux.waitUntil {
          Screen.header($0).contains(name) && !$0.contains("Switch account")
        }
        #expect(chosen.found, "\(chosen.screen)")
      }
    }

    @Test("/ filters the list by name, Enter keeps the filter and Esc clears it")
    func listFilter() throws {
      let ui = try sixAccounts()
      try ui.tmux.send("/")
      try ui.tmux.type("noah")
      let filtered = ui.tmux.waitUntil { screen in
        let lines = Screen.rows(screen)
        return screen.contains("Accounts 1 of 6 · /noah") && lines.count > 3
          && lines[2].contains("Noah Cooks 4") && !lines[3].contains("Cooks")
      }
      #expect(filtered.found, "\(filtered.screen)")
      try ui.tmux.send("Enter")
      let kept = ui.tmux.waitUntil {
        $0.contains("Accounts 1 of 6 · /noah") && !$0.contains("/ noah▏")
      }
      #expect(kept.found, "\(kept.screen)")
      try ui.tmux.send("Escape")
      let cleared = ui.tmux.waitFor(all: ["Accounts (6)", "Maya Cooks 0", "Zanele Cooks 5"])
      #expect(cleared.found, "\(cleared.screen)")
    }

    @Test("a mouse click on a row moves the cursor there; Enter then makes it current")
    func mouseClickSelectsRow() throws {
      let ui = try sixAccounts()
      #expect(try ui.tmux.format("#{mouse_sgr_flag}") == "1", "the UI turned on SGR mouse reports")
      let screen = try ui.tmux.screen()
      let row = try #require(Screen.rows(screen).firstIndex { $0.contains("Noah Cooks 4") })
      try ui.tmux.click(x: 10, y: row)
      let moved = ui.tmux.waitUntil { screen in
        Screen.rows(screen).indices.contains(row) && Screen.rows(screen)[row].contains("›")
          && Screen.rows(screen)[2].contains("Noah Cooks 4")
      }
      #expect(moved.found, "the cursor and the detail pane follow the click:\n\(moved.screen)")
      try ui.tmux.send("Enter")
      #expect(ui.tmux.waitUntil { Screen.header($0).contains("Noah Cooks 4 @noahcooks4") }.found)
    }

    @Test("? opens the help, typing searches it, Esc closes it")
    func helpSearch() throws {
      let ui = try sixAccounts()
      try ui.tmux.send("?")
      let help = ui.tmux.waitFor(all: ["Help", "Search:", "move the cursor", "Esc close"])
      #expect(help.found, "\(help.screen)")
      try ui.tmux.type("revoke")
      let found = ui.tmux.waitUntil { screen in
        screen.contains("revoke at TikTok and delete the tokens here")
          && screen.contains("⊗R revoked") && !screen.contains("move the cursor")
      }
      #expect(found.found, "\(found.screen)")
      try ui.tmux.type("zzzz")
      #expect(ui.tmux.waitFor("Nothing matches.").found)
      try ui.tmux.send("Escape")
      #expect(ui.tmux.waitUntil { !$0.contains("Search:") && $0.contains("Accounts (6)") }.found)
    }

    @Test("r refreshes the account under the cursor at the sandbox and moves its expiry on")
    func refreshKey() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.connectBySandbox(expecting: "Maya Chen")
      let before = try ui.run(["token"])
      #expect(before.status == 0)
      try ui.tmux.send("r")
      let refreshed = ui.tmux.waitFor("Refreshed Maya Chen")
      #expect(refreshed.found, "\(refreshed.screen)")
      let after = try ui.run(["token"])
      #expect(after.status == 0)
      // Compared, never printed: a new access token means TikTok's refresh grant was used.
      let rotated = !after.stdout.isEmpty && after.stdout != before.stdout
      #expect(rotated, "tractok token gives the refreshed access token")
    }

    @Test("R syncs profile and videos from the sandbox; ] and [ turn pages of one size, of 36")
    func syncAndVideoPages() throws {
      let ui = try TractokUI(width: 100, height: 41)
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.connectBySandbox(expecting: "Maya Chen")
      try ui.tmux.send("R")
      let synced = ui.tmux.waitFor(all: ["Synced Maya Chen", "Videos 1–"])
      #expect(synced.found, "\(synced.screen)")
      let heading = try #require(
        synced.screen.firstMatch(of: /Videos 1–(\d+) of 36 · \[ \]/), "\(synced.screen)")
      let size = try #require(Int(heading.1))
      try ui.tmux.send("[")
      #expect(ui.tmux.waitFor("These are the newest videos").found)
      // The next page is as long as the first, counted across TikTok's pages (fetched as
      // needed), until the last, which says it is.
      var start = 1
      while start + size <= 36 {
        try ui.tmux.send("]")
        let next = "Videos \(start + size)–\(min(36, start + 2 * size - 1)) of 36"
        let turned = ui.tmux.waitFor(next)
        #expect(turned.found, "\(turned.screen)")
        guard turned.found else { return }
        start += size
      }
      try ui.tmux.send("]")
      #expect(ui.tmux.waitFor("No older videos: that is all 36 videos").found)
      try ui.tmux.send("[")
      #expect(ui.tmux.waitFor("Videos \(start - size)–\(start - 1) of 36").found)
    }

    @Test("d asks first: n keeps the account, y revokes it, frees the slot and moves the header on")
    func disconnectWithConfirm() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      #expect(try ui.run(["tier", "set", "pro"]).status == 0)
      #expect(ui.tmux.waitFor("0 of 5 slots").found)
      try ui.connectBySandbox(expecting: "Maya Chen")
      try ui.connectBySandbox(expecting: "Nova ✨ Stars")
      // Connecting leaves Maya current with the cursor on Nova; Enter makes Nova current.
      try ui.tmux.send("Enter")
      #expect(ui.tmux.waitUntil { Screen.header($0).contains("Nova ✨ Stars") }.found)
      try ui.tmux.send("d")
      let asked = ui.tmux.waitFor(all: ["Disconnect Nova ✨ Stars (@novastars)?", "y disconnect"])
      #expect(asked.found, "\(asked.screen)")
      try ui.tmux.send("n")
      #expect(
        ui.tmux.waitUntil { !$0.contains("Disconnect Nova") && $0.contains("Accounts (2)") }.found)
      try ui.disconnect("Nova ✨ Stars (@novastars)", expecting: "Access was revoked at TikTok.")
      try ui.tmux.send("Enter")
      let after = ui.tmux.waitUntil { screen in
        screen.contains("Accounts (1)") && Screen.header(screen).contains("Maya Chen @mayacooks")
          && Screen.header(screen).contains("1 of 5 slots")
      }
      #expect(after.found, "\(after.screen)")
      #expect(!(try ui.run(["accounts", "--json"]).stdout.contains("novastars")))
    }
  }
}
