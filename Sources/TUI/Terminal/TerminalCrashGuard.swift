import Glibc
import Synchronization

/// Leaves the terminal usable when the process dies of a fatal signal while the UI runs.
///
/// The handler does only async-signal-safe work: `tcsetattr` back to the saved mode, one
/// `write` of precomputed bytes (leave the alternate screen, show the cursor), then hands the
/// signal to whatever handler was there before (Swift's backtracer or the default action).
/// It never calls `endwin` or `exit`.
final class TerminalCrashGuard: @unchecked Sendable {
  static let shared = TerminalCrashGuard()

  /// Signals a crash arrives as: Swift traps are SIGILL/SIGTRAP, bad memory SIGSEGV/SIGBUS.
  private static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
  private static let capacity = 512

  // Raw storage filled before the handler is installed and only read by it afterwards.
  private let savedMode = UnsafeMutablePointer<termios>.allocate(capacity: 1)
  private let hasSavedMode = Atomic<Bool>(false)
  private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  private let byteCount = Atomic<Int>(0)
  private let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 64)
  private let armed = Atomic<Bool>(false)

  private init() {}

  /// Saves the terminal's mode; call before ncurses changes it.
  func saveTerminalMode() {
    hasSavedMode.store(tcgetattr(STDIN_FILENO, savedMode) == 0, ordering: .releasing)
  }

  /// Installs the handler, which will write `sequence` after restoring the saved mode.
  func arm(restoring sequence: [UInt8]) {
    let count = min(sequence.count, Self.capacity)
    for index in 0..<count { bytes[index] = sequence[index] }
    byteCount.store(count, ordering: .releasing)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = terminalCrashHandler
    sigemptyset(&action.sa_mask)
    for signal in Self.signals { sigaction(signal, &action, previous + Int(signal)) }
    armed.store(true, ordering: .releasing)
  }

  /// Puts the previous handlers back (the terminal was restored the normal way).
  func disarm() {
    guard armed.exchange(false, ordering: .acquiringAndReleasing) else { return }
    for signal in Self.signals { sigaction(signal, previous + Int(signal), nil) }
  }

  fileprivate func restoreAndForward(_ signal: Int32) {
    if hasSavedMode.load(ordering: .acquiring) { tcsetattr(STDIN_FILENO, TCSANOW, savedMode) }
    _ = write(STDOUT_FILENO, bytes, byteCount.load(ordering: .acquiring))
    sigaction(signal, previous + Int(signal), nil)
    // Blocked while this handler runs; delivered to the previous handler once it returns.
    raise(signal)
  }
}

private func terminalCrashHandler(_ signal: Int32) {
  TerminalCrashGuard.shared.restoreAndForward(signal)
}
