import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension UITests {
  @Suite("The terminal is restored however the UI ends: q, SIGTERM, SIGHUP, Ctrl-C, a crash")
  struct TerminalRestoreTests {
    /// How the UI is asked to end.
    enum Ending: String, CaseIterable, CustomStringConvertible {
      case q
      case sigterm
      case sighup
      case ctrlC
      /// SIGSEGV, as a crash delivers it.
      case crash

      var description: String { rawValue }

      /// Every ending but a crash leaves through the loop and exits 0.
      var exitsCleanly: Bool { self != .crash }
    }

    /// Starts the UI on one account, waits for its list, ends it as `ending` says.
    func run(until ending: Ending) throws -> TractokUI {
      let directory = TemporaryDirectory("tractok-ui")
      try UISeed.fixtures(home: directory.file("home"), count: 1)
      // Swift's crash reporter takes its time (on a terminal it even waits for a key); the
      // restore happens before it runs, so the test does without it.
      let ui = try TractokUI(directory: directory, environment: ["SWIFT_BACKTRACE": "enable=no"])
      #expect(ui.tmux.waitFor(all: ["Accounts (1)", "q quit"]).found)
      #expect(try ui.tmux.format("#{alternate_on}") == "1", "the UI runs on the alternate screen")
      switch ending {
      case .q: try ui.tmux.send("q")
      case .sigterm: try ui.signal(SIGTERM)
      case .sighup: try ui.signal(SIGHUP)
      case .ctrlC: try ui.tmux.send("C-c")
      case .crash: try ui.signal(SIGSEGV)
      }
      return ui
    }

    @Test(
      "stty settings are the same before and after; only a crash exits non-zero",
      arguments: Ending.allCases)
    func sttyRestored(ending: Ending) throws {
      let ui = try run(until: ending)
      let status = try #require(ui.exitStatus(timeout: 30))
      #expect((status == 0) == ending.exitsCleanly, "exit status \(status) after \(ending)")
      let modes = ui.terminalModes
      #expect(modes.before != nil)
      #expect(modes.before == modes.after, "stty -g after \(ending)")
    }

    @Test(
      "the alternate screen is left, the cursor shows and mouse reports are off",
      arguments: Ending.allCases)
    func screenRestored(ending: Ending) throws {
      let ui = try run(until: ending)
      #expect(ui.exitStatus(timeout: 30) != nil)
      let back = ui.tmux.waitFor("[exited")
      #expect(back.found, "the shell's own screen is back:\n\(back.screen)")
      #expect(!back.screen.contains("Accounts (1)"))
      #expect(try ui.tmux.format("#{alternate_on}") == "0")
      #expect(try ui.tmux.format("#{cursor_flag}") == "1")
      #expect(try ui.tmux.format("#{mouse_any_flag}") == "0")
      #expect(try ui.tmux.format("#{keypad_flag}") == "0")
    }

    @Test("q while a connection waits asks first: n stays, y cancels and quits")
    func quitAsksWhileConnecting() throws {
      let ui = try TractokUI()
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.startBrowserAttempt()
      try ui.tmux.send("q")
      let asked = ui.tmux.waitFor("A connection is in progress. Quit anyway?")
      #expect(asked.found, "\(asked.screen)")
      try ui.tmux.send("n")
      #expect(
        ui.tmux.waitUntil { !$0.contains("Quit anyway?") && $0.contains("Waiting for") }.found)
      #expect(!ui.hasExited)
      try ui.tmux.send("q")
      #expect(ui.tmux.waitFor("Quit anyway?").found)
      try ui.tmux.send("y")
      #expect(ui.exitStatus() == 0)
      #expect(ui.terminalModes.before == ui.terminalModes.after)
    }
  }
}
