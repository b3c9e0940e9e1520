import Foundation
import TestSupport
import Testing

extension UITests {
  @Suite("Changes made by other tractok processes show in the running UI")
  struct ExternalChangesTests {
    /// How long another process's change may take to show: the UI looks every second; the
    /// rest is slack for a busy machine (this is not a speed test).
    let deadline: TimeInterval = 10

    /// A UI over three fixture accounts (Maya, Leo, Aiko Cooks 0-2), Maya current.
    func threeAccounts() throws -> TractokUI {
      let directory = TemporaryDirectory("tractok-ui")
      try UISeed.fixtures(home: directory.file("home"), count: 3)
      let ui = try TractokUI(directory: directory)
      #expect(try ui.run(["switch", "mayacooks0"]).status == 0)
      #expect(ui.tmux.waitFor(all: ["Accounts (3)", "q quit"]).found)
      return ui
    }

    @Test("tractok tier set in another process: the header's tier and slots follow")
    func tierSet() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("free · 0 of 1 slots").found)
      #expect(try ui.run(["tier", "set", "agency"]).status == 0)
      let shown = ui.tmux.waitUntil(timeout: deadline) {
        Screen.header($0).contains("agency · 0 of 25 slots")
      }
      #expect(shown.found, "\(shown.screen)")
      #expect(shown.screen.contains("on the agency tier: 25 slots"))
    }

    @Test("tractok disconnect in another process: the list drops it and the header moves on")
    func disconnectElsewhere() throws {
      let ui = try threeAccounts()
      #expect(ui.tmux.waitUntil { Screen.header($0).contains("Maya Cooks 0") }.found)
      let result = try ui.run(["disconnect", "mayacooks0", "--yes"])
      #expect(result.stdout.contains("Disconnected"), "\(result.stdout)\(result.stderr)")
      let shown = ui.tmux.waitUntil(timeout: deadline) { screen in
        screen.contains("Accounts (2)") && !screen.contains("Maya Cooks 0")
          && Screen.header(screen).contains("Leo Cooks 1")
      }
      #expect(shown.found, "\(shown.screen)")
    }

    @Test("tractok connect in another process: the new account joins the list")
    func connectElsewhere() throws {
      let ui = try threeAccounts()
      let connect = try InteractiveProcess(
        ["connect", "--no-browser", "--timeout", "60"], environment: ui.environment)
      #expect(connect.waitForOutput("disable_auto_auth=1"))
      let url = try #require(
        connect.stdout.split(separator: "\n").first { $0.contains("/v2/auth/authorize/?") }
      ).trimmingCharacters(in: .whitespaces)
      let browser = FakeBrowser()
      let page = try browser.open(url)
      let landed = try browser.decide(on: page, account: "9e41d7a2-60c3-4b5e-8f19-3a7c2d8e4b61")
      #expect(landed.response.body.contains("Nova"))
      #expect(connect.wait(timeout: 30) == 0, "\(connect.stdout)\(connect.stderr)")
      let shown = ui.tmux.waitUntil(timeout: deadline) { screen in
        screen.contains("Accounts (4)") && screen.contains("Nova ✨ Stars")
      }
      #expect(shown.found, "\(shown.screen)")
    }

    @Test("tractok switch in another process: the header names the new current account")
    func switchElsewhere() throws {
      let ui = try threeAccounts()
      #expect(ui.tmux.waitUntil { Screen.header($0).contains("Maya Cooks 0") }.found)
      #expect(try ui.run(["switch", "aikocooks2"]).status == 0)
      let shown = ui.tmux.waitUntil(timeout: deadline) {
        Screen.header($0).contains("Aiko Cooks 2 @aikocooks2")
      }
      #expect(shown.found, "\(shown.screen)")
      // The UI's own choice is stored and wins over the earlier one from outside.
      try ui.tmux.send("s")
      #expect(ui.tmux.waitFor("Switch account").found)
      try ui.tmux.type("leo")
      try ui.tmux.send("Enter")
      #expect(ui.tmux.waitUntil { Screen.header($0).contains("Leo Cooks 1") }.found)
      #expect(eventually { (try? ui.storedSelection()) == "leocooks1" })
    }
  }
}
