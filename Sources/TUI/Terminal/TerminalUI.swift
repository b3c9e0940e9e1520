import Dispatch
import Domain
import Foundation
import Glibc

/// Entry points App calls: the UI on the real terminal, or headless.
public enum TerminalUI {
  /// Runs the full-screen UI until the user quits or SIGTERM/SIGHUP/SIGINT arrives. The terminal
  /// is restored on every way out before this returns or throws, so App prints errors after it.
  @discardableResult
  public static func run(
    state: AppState, runner: any EffectRunning, mailbox: Mailbox = Mailbox(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> AppState {
    // Watching before newterm makes ncurses leave SIGINT and SIGTERM alone: its own handlers
    // would exit without going back through the loop.
    let signals = SignalWatcher { _ in mailbox.post(.quitRequested) }
    defer { signals.stop() }
    return try NcursesScreen.withTerminal(environment: environment) { screen in
      MainLoop(state: state, screen: screen, runner: runner, mailbox: mailbox).run()
    }
  }

  /// Runs the UI without a terminal (background UIs in stress tests): same loop, same effects,
  /// no input; it ends on SIGTERM/SIGHUP/SIGINT.
  @discardableResult
  public static func runHeadless(
    state: AppState, runner: any EffectRunning, mailbox: Mailbox = Mailbox(),
    size: ScreenSize = ScreenSize(width: 80, height: 24)
  ) -> AppState {
    TerminalText.useUTF8Locale()
    let signals = SignalWatcher { _ in mailbox.post(.quitRequested) }
    defer { signals.stop() }
    let screen = HeadlessScreen(size: size)
    return MainLoop(state: state, screen: screen, runner: runner, mailbox: mailbox).run()
  }
}
