import Domain
import Foundation
import Sandbox
import TestSupport
import Testing

extension UITests {
  @Suite("The UI in tmux tells the truth about every account, and the daily paths are short")
  struct TruthfulUITests {
    /// Whether a list row shows a countdown (`1h 59m`, `59m 00s`, `45s`).
    static func hasCountdown(_ row: String) -> Bool {
      row.firstMatch(of: /\d+[hm] \d+[ms]|\b\d+s\b/) != nil
    }

    /// A UI on the sandbox with the first `count` sandbox accounts connected through the dialog
    /// (Maya Chen, Nova ✨ Stars, 東京カフェ巡り), on the pro tier.
    func connected(_ count: Int, width: Int = 100, height: Int = 30) throws -> TractokUI {
      let ui = try TractokUI(width: width, height: height)
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      #expect(try ui.run(["tier", "set", "pro"]).status == 0)
      #expect(ui.tmux.waitFor("0 of 5 slots").found)
      for name in ["Maya Chen", "Nova ✨ Stars", "東京カフェ巡り"].prefix(count) {
        try ui.connectBySandbox(expecting: name)
      }
      return ui
    }

    @Test("a revoke found by R turns the row revoked at once, without a countdown, and it stays so")
    func revokeFoundBySync() throws {
      let ui = try connected(1)
      try ui.revokeAtSandbox("@mayacooks")
      try ui.tmux.send("R")
      let failed = ui.tmux.waitFor("Sync of Maya Chen failed")
      #expect(failed.found, "\(failed.screen)")
      // The row and the header change with the message, not seconds later.
      let shown = ui.tmux.waitUntil(timeout: 1) { screen in
        let row = ui.listRow("Maya Chen", in: screen) ?? ""
        return row.contains("⊗ revoked") && Screen.header(screen).contains("⊗ revoked")
          && screen.contains("press c to sign in as @mayacooks again")
      }
      #expect(shown.found, "\(shown.screen)")
      #expect(!Self.hasCountdown(ui.listRow("Maya Chen", in: shown.screen) ?? ""))
      #expect(!shown.screen.contains("Access ") && !shown.screen.contains("until 20"))
      #expect(try ui.run(["status"]).stdout.contains("⊗ revoked"))
      // Another process's change reloads everything: still revoked, as stored.
      #expect(try ui.run(["tier", "set", "agency"]).status == 0)
      let reloaded = ui.tmux.waitUntil { Screen.header($0).contains("agency") }
      #expect(reloaded.found, "\(reloaded.screen)")
      #expect(ui.listRow("Maya Chen", in: reloaded.screen)?.contains("⊗ revoked") == true)
    }

    @Test("the over-limit chooser keeps an expired account expired, with its reason")
    func overLimitKeepsExpired() throws {
      let ui = try connected(2)
      let sandbox = try ui.sharedSandbox()
      defer { sandbox.stop() }
      #expect(sandbox.inject(.invalidGrant, endpoint: .token))
      #expect(try ui.run(["refresh", "@novastars"]).status == 4)
      let expired = ui.tmux.waitUntil {
        ui.listRow("Nova ✨ Stars", in: $0)?.contains("⊘ expired") == true
      }
      #expect(expired.found, "\(expired.screen)")
      #expect(try ui.run(["tier", "set", "free"]).status == 0)
      let chooser = ui.tmux.waitFor(all: ["Choose the active accounts", "Space tick"])
      #expect(chooser.found, "\(chooser.screen)")
      // Nova went over the limit expired: the chooser says what choosing it brings back.
      let novaChoice = chooser.screen.split(separator: "\n").first { $0.contains("] ⊖ over-limit") }
      #expect(novaChoice?.contains("⊖ over-limit (⊘ expired) Nova") == true, "\(chooser.screen)")
      // Untick Maya, tick Nova, save.
      try ui.tmux.send("Space")
      try ui.tmux.send("j")
      try ui.tmux.send("Space")
      try ui.tmux.send("Enter")
      let saved = ui.tmux.waitUntil { screen in
        !screen.contains("Choose the active accounts")
          && ui.listRow("Nova ✨ Stars", in: screen)?.contains("⊘ expired") == true
          && ui.listRow("Maya Chen", in: screen)?.contains("⊖ over-limit") == true
      }
      #expect(saved.found, "\(saved.screen)")
      for name in ["Nova ✨ Stars", "Maya Chen"] {
        #expect(!Self.hasCountdown(ui.listRow(name, in: saved.screen) ?? ""), "\(name)")
      }
      let listed = try ui.run(["accounts"]).stdout
      #expect(listed.contains("⊘ expired") && listed.contains("⊖ over-limit"), "\(listed)")
    }

    @Test("c on a revoked account reconnects that account in the sandbox, with no upsell")
    func reconnectChosenAccount() throws {
      let ui = try connected(2)
      try ui.revokeAtSandbox("@novastars")
      // The cursor is on Nova, the last connected.
      try ui.tmux.send("R")
      let revoked = ui.tmux.waitUntil {
        ui.listRow("Nova ✨ Stars", in: $0)?.contains("⊗ revoked") == true
      }
      #expect(revoked.found, "\(revoked.screen)")
      #expect(revoked.screen.contains("c reconnect"))
      try ui.tmux.send("c")
      let dialog = ui.tmux.waitFor(all: [
        "Reconnect Nova ✨ Stars (@novastars)", "no new one is needed",
      ])
      #expect(dialog.found, "\(dialog.screen)")
      #expect(!dialog.screen.contains("No free slot"))
      try ui.approveBySandbox(expecting: "✓ Reconnected Nova ✨ Stars (@novastars).")
      let healthy = ui.tmux.waitUntil { screen in
        screen.contains("Accounts (2)")
          && ui.listRow("Nova ✨ Stars", in: screen)?.contains("✓ active") == true
      }
      #expect(healthy.found, "\(healthy.screen)")
    }

    @Test("a failure stays, wraps at 80 columns, and the message log shows it in full with log_id")
    func messageLog() throws {
      let ui = try connected(1, width: 80, height: 24)
      let sandbox = try ui.sharedSandbox()
      defer { sandbox.stop() }
      #expect(sandbox.inject(.httpStatus(503), endpoint: .token, count: 20))
      try ui.tmux.send("r")
      let failed = ui.tmux.waitFor(
        all: ["Refresh of Maya Chen failed", "Esc dismiss"], timeout: 40)
      #expect(failed.found, "\(failed.screen)")
      sandbox.clearFaults()
      // TikTok's log_id of the last answer, from tractok's request log.
      let requests = try String(contentsOfFile: ui.home + "/tractok.log", encoding: .utf8)
      let last = try #require(requests.split(separator: "\n").last { $0.contains(" 503 ") })
      let logID = try #require(last.firstMatch(of: /log_id=(\S+)/)?.1)
      try ui.tmux.send("m")
      let log = ui.tmux.waitFor(all: ["Messages of this session", "Esc close"])
      #expect(log.found, "\(log.screen)")
      let text = Screen.rows(log.screen).map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
      #expect(text.contains("temporarily_unavailable"), "\(log.screen)")
      #expect(text.contains("Please try again later."), "\(log.screen)")
      #expect(text.contains(String(logID)), "\(log.screen)")
      try ui.tmux.send("Escape")
      try ui.tmux.send("Escape")
      let dismissed = ui.tmux.waitUntil {
        !$0.contains("Refresh of Maya Chen failed") && $0.contains("q quit")
      }
      #expect(dismissed.found, "\(dismissed.screen)")
    }

    @Test("at 80x24 the footer says ? more; a QR code too big offers its link and paste-back")
    func narrowTerminal() throws {
      let ui = try connected(1, width: 80, height: 24)
      let footer = ui.tmux.waitUntil {
        Screen.rows($0).last { !$0.isEmpty }?.contains("? more") == true
      }
      #expect(footer.found, "\(footer.screen)")
      try ui.tmux.send("c")
      #expect(ui.tmux.waitFor("How do you want to sign in to TikTok?").found)
      try ui.tmux.send("2")
      let qr = ui.tmux.waitFor(all: ["y copies the code's link", "p paste"])
      #expect(qr.found, "\(qr.screen)")
      try ui.tmux.send("p")
      let paste = ui.tmux.waitFor(all: ["Paste the address the browser ended on", "y copy"])
      #expect(paste.found, "\(paste.screen)")
    }

    @Test("S names the sandbox's control page; a fault set there is seen by tractok refresh")
    func faultSharedWithOtherProcesses() throws {
      let ui = try connected(1)
      try ui.tmux.send("S")
      let panel = ui.tmux.waitFor(all: ["/_sandbox/", "y copy address"])
      #expect(panel.found, "\(panel.screen)")
      let page = try #require(panel.screen.firstMatch(of: /http:\/\/127\.0\.0\.1:\d+\/_sandbox\//))
      let address = String(page.0)
      let control = try LoopbackHTTP.request("GET", address)
      #expect(control.status == 200 && control.body.contains("POST /_sandbox/faults"))
      let set = try LoopbackHTTP.request(
        "POST", address + "faults", headers: [("Content-Type", "application/json")],
        body: #"{"endpoint":"token","kind":"invalid_grant"}"#)
      #expect(set.status == 200, "\(set.body)")
      let refresh = try ui.run(["refresh", "@mayacooks"])
      #expect(refresh.status == 4, "\(refresh.stdout)\(refresh.stderr)")
      #expect(refresh.stderr.contains("invalid_grant"), "\(refresh.stderr)")
    }

    @Test("disconnecting an account already revoked at TikTok says so and asks nothing more")
    func disconnectAlreadyRevoked() throws {
      let ui = try connected(1)
      try ui.revokeAtSandbox("@mayacooks")
      let done = try ui.disconnect(
        "Maya Chen (@mayacooks)", expecting: "It was already revoked at TikTok; removed here.")
      #expect(!done.contains("failed"))
    }
  }
}
