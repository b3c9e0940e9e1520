import Domain
import Foundation
import Sandbox

/// Reads standard input while a connect waits: each line is a pasted redirect URL (or, on the
/// sandbox, `approve [@user]`). End of input does not cancel the attempt.
enum PasteReader {
  static func start(attempt: OAuthAttempt, sandbox: SandboxServer?, output: Output) {
    let thread = Thread {
      while attempt.outcome == .waiting, let line = readLine(strippingNewline: true) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, attempt.outcome == .waiting else { continue }
        if let sandbox, text == "approve" || text.hasPrefix("approve ") {
          let who = text.dropFirst("approve".count).trimmingCharacters(in: .whitespaces)
          approve(
            attempt: attempt, sandbox: sandbox, account: who.isEmpty ? nil : who, output: output)
          continue
        }
        if case .rejected(let reason) = attempt.submit(text) {
          output.error("Not accepted: \(reason.message). Still waiting; paste the whole URL.")
        }
      }
    }
    thread.start()
  }

  /// Approves on the sandbox as a browser would and hands the redirect to the attempt.
  static func approve(
    attempt: OAuthAttempt, sandbox: SandboxServer, account: String?, output: Output
  ) {
    guard let query = attempt.authorizeURL.split(separator: "?", maxSplits: 1).last.map(String.init)
    else { return }
    switch sandbox.approve(authorizeQuery: query, accountID: account, grantedScopes: nil) {
    case .success(let redirect): attempt.submit(redirect)
    case .failure(let error): output.error("The sandbox refused: \(error)")
    }
  }
}
