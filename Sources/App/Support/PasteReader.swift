import Domain
import Foundation
import Sandbox

/// Reads standard input while a connect waits: each line is a pasted redirect URL (or, on the
/// sandbox, `approve [@user]`). End of input does not cancel the attempt.
enum PasteReader {
  /// One line typed while a connect waits.
  enum Line: Equatable {
    /// `approve` (nil: the first sandbox account) or `approve @username`.
    case approve(account: String?)
    /// Anything else, trimmed.
    case text(String)
  }

  /// Reads lines on a thread of its own while `active()` holds, handing each non-empty one on;
  /// `approve` lines are only recognised on the sandbox.
  static func read(
    sandbox: Bool, while active: @escaping @Sendable () -> Bool,
    handle: @escaping @Sendable (Line) -> Void
  ) {
    let thread = Thread {
      while active(), let line = readLine(strippingNewline: true) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, active() else { continue }
        if sandbox, text == "approve" || text.hasPrefix("approve ") {
          let who = text.dropFirst("approve".count).trimmingCharacters(in: .whitespaces)
          handle(.approve(account: who.isEmpty ? nil : who))
        } else {
          handle(.text(text))
        }
      }
    }
    thread.start()
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
