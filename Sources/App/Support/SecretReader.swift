import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a secret line: from the terminal with echo off (the prompt on standard error), or from
/// standard input when it is not a terminal (a pipe, a file). Never from an argument: `ps`
/// shows arguments to every user.
enum SecretReader {
  /// The longest secret accepted, in bytes.
  static let limit = 4096

  static func read(prompt: String, output: Output) throws(CommandFailure) -> Secret {
    let line: String?
    if isatty(STDIN_FILENO) == 1 {
      output.prompt(prompt)
      line = withoutEcho { readLine(strippingNewline: true) }
    } else {
      line = readLine(strippingNewline: true)
    }
    guard let line else { throw .failure("no client secret given on standard input") }
    let secret = line.trimmingWhitespace()
    guard !secret.isEmpty else { throw .failure("the client secret is empty") }
    guard secret.utf8.count <= limit, !secret.contains(where: \.isWhitespace) else {
      throw .failure("that is not a client secret (one word of at most \(limit) bytes)")
    }
    return Secret(secret)
  }

  /// Runs `body` with the terminal's echo off (the Enter still shows as a new line), restoring
  /// it afterwards, and before the process ends on Ctrl-C, SIGTERM or SIGHUP.
  private static func withoutEcho<T>(_ body: () -> T) -> T {
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return body() }
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    quiet.c_lflag |= tcflag_t(ECHONL)
    let restore = saved
    let signals = SignalWatcher { number in
      var mode = restore
      tcsetattr(STDIN_FILENO, TCSANOW, &mode)
      // Ends the process the way the signal would have (sent to the process: this thread,
      // dispatch's, blocks it).
      signal(number, SIG_DFL)
      kill(getpid(), number)
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    defer {
      tcsetattr(STDIN_FILENO, TCSANOW, &saved)
      signals.stop()
    }
    return body()
  }
}
