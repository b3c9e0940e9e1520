import Dispatch
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
    let signals = SignalWatcher(post: mailbox.post)
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
    let signals = SignalWatcher(post: mailbox.post)
    defer { signals.stop() }
    let screen = HeadlessScreen(size: size)
    return MainLoop(state: state, screen: screen, runner: runner, mailbox: mailbox).run()
  }
}

/// Turns SIGTERM, SIGHUP and SIGINT into `.quitRequested` through dispatch sources, so nothing
/// runs inside a C signal handler and the loop leaves through its normal, restoring path.
public final class SignalWatcher {
  private var sources: [(Int32, any DispatchSourceSignal)] = []

  public init(
    signals: [Int32] = [SIGTERM, SIGHUP, SIGINT], post: @escaping @Sendable (Msg) -> Void
  ) {
    for number in signals {
      // The default action would kill the process before the source sees the signal.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { post(.quitRequested) }
      source.resume()
      sources.append((number, source))
    }
  }

  /// Stops watching and gives the signals their default action back.
  public func stop() {
    for (number, source) in sources {
      source.cancel()
      signal(number, SIG_DFL)
    }
    sources.removeAll()
  }

  deinit { stop() }
}
