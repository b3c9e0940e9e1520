import Domain
import Foundation
import Sandbox

#if canImport(Glibc)
  import Glibc
#endif

/// Reads standard input while a connect waits: each line is a pasted redirect URL (or, on the
/// sandbox, `approve [@user]`). End of input does not cancel the attempt. A line longer than
/// any callback (8 KiB) is refused and discarded as it arrives, never echoed, so memory stays
/// bounded whatever is pasted.
enum PasteReader {
  /// One line typed while a connect waits.
  enum Line: Equatable {
    /// `approve` (nil: the first sandbox account) or `approve @username`.
    case approve(account: String?)
    /// Anything else, trimmed.
    case text(String)
    /// Longer than `CallbackParser.maximumLength`: dropped.
    case tooLong
  }

  /// What the user is told about a `.tooLong` line.
  static let tooLongMessage =
    "Not accepted: that line is longer than 8 KiB, more than any redirect URL, and was "
    + "discarded. Still waiting; paste only the URL your browser ended on."

  /// Reads lines on a thread of its own while `active()` holds, handing each non-empty one on;
  /// `approve` lines are only recognised on the sandbox.
  static func read(
    sandbox: Bool, while active: @escaping @Sendable () -> Bool,
    handle: @escaping @Sendable (Line) -> Void
  ) {
    let thread = Thread {
      var lines = BoundedLines(limit: CallbackParser.maximumLength)
      var chunk = [UInt8](repeating: 0, count: 4096)
      while active() {
        let count = Glibc.read(STDIN_FILENO, &chunk, chunk.count)
        if count < 0 && errno == EINTR { continue }
        let events = count > 0 ? lines.feed(chunk[0..<count]) : lines.finish()
        for event in events where active() {
          if let line = line(event, sandbox: sandbox) { handle(line) }
        }
        if count <= 0 { break }
      }
    }
    thread.start()
  }

  /// What a line means; nil for a blank one.
  static func line(_ event: BoundedLines.Event, sandbox: Bool) -> Line? {
    guard case .line(let raw) = event else { return .tooLong }
    let text = raw.trimmingSpaces()
    guard !text.isEmpty else { return nil }
    if sandbox, text == "approve" || text.hasPrefix("approve ") {
      let who = text.dropFirst("approve".count).trimmingSpaces()
      return .approve(account: who.isEmpty ? nil : who)
    }
    return .text(text)
  }

  /// The browser flow's reader: pasted URLs go to `attempt`, `approve` to the sandbox.
  static func start(attempt: OAuthAttempt, sandbox: SandboxServer?, output: Output) {
    read(
      sandbox: sandbox != nil, while: { attempt.outcome == .waiting },
      handle: { line in
        switch line {
        case .approve(let account):
          if let sandbox {
            approve(attempt: attempt, sandbox: sandbox, account: account, output: output)
          }
        case .text(let text):
          if case .rejected(let reason) = attempt.submit(text) {
            output.error("Not accepted: \(reason.message). Still waiting; paste the whole URL.")
          }
        case .tooLong:
          output.error(tooLongMessage)
        }
      })
  }

  /// Approves on the sandbox as a browser would and hands the redirect to the attempt.
  static func approve(
    attempt: OAuthAttempt, sandbox: SandboxServer, account: String?, output: Output
  ) {
    guard let query = attempt.authorizeURL.split(separator: "?", maxSplits: 1).last.map(String.init)
    else { return }
    switch sandbox.approve(authorizeQuery: query, accountID: account, grantedScopes: nil) {
    case .success(let redirect): attempt.submit(redirect)
    case .failure(let error): output.error("The sandbox refused: \(error.message)")
    }
  }
}
