import Domain
import Foundation
import Sandbox
import Storage
import TestSupport
import Testing

extension TractokUI {
  /// Opens the connect dialog and starts the browser method (c, Enter), waiting until the
  /// attempt waits for the browser and offers the sandbox's approval.
  func startBrowserAttempt() throws {
    try tmux.send("c")
    #expect(tmux.waitFor("How do you want to sign in to TikTok?").found)
    try tmux.send("Enter")
    let waiting = tmux.waitFor(all: [
      "Waiting for TikTok to send the browser back", "a approve",
    ])
    #expect(waiting.found, "\(waiting.screen)")
  }

  /// Connects the next sandbox account through the dialog (c, Enter for the browser, a) and
  /// closes the dialog.
  func connectBySandbox(expecting name: String) throws {
    try tmux.send("c")
    #expect(tmux.waitFor("How do you want to sign in to TikTok?").found)
    try approveBySandbox(expecting: "✓ Added \(name)")
    #expect(tmux.waitUntil { !$0.contains("Connect a TikTok account") }.found)
  }

  /// In the connect dialog's method choice: Enter starts the browser method, `a` lets the
  /// sandbox approve, and once `result` shows, Enter closes the dialog.
  func approveBySandbox(expecting result: String) throws {
    try tmux.send("Enter")
    #expect(tmux.waitFor("a approve").found)
    try tmux.send("a")
    let done = tmux.waitFor(result)
    #expect(done.found, "\(done.screen)")
    try tmux.send("Enter")
  }

  /// `d` on the account under the cursor, labelled `label`, then `y`; waits until the dialog
  /// says `summary` and returns that screen.
  @discardableResult
  func disconnect(_ label: String, expecting summary: String) throws -> String {
    try tmux.send("d")
    #expect(tmux.waitFor("Disconnect \(label)?").found)
    try tmux.send("y")
    let done = tmux.waitFor(all: ["Disconnected", summary])
    #expect(done.found, "\(done.screen)")
    return done.screen
  }

  /// The @username `tractok accounts --json` marks as selected (what scripts get a token for).
  func storedSelection() throws -> String? {
    let listed = try run(["accounts", "--json"])
    let items = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
    let selected = items?.first { $0["selected"] as? Bool == true }
    return selected?["username"] as? String
  }
}

extension TractokUI {
  /// A sandbox on the state file the UI's in-process sandbox uses, as another tractok process
  /// would have: what it revokes or queues, the UI's sandbox sees.
  func sharedSandbox() throws -> SandboxServer {
    try SandboxServer(
      settings: SandboxSettings(stateFile: home + "/sandbox-state.json"), digest: OpenSSLDigest())
  }

  /// Withdraws `account`'s grant at the sandbox, as a user removing the app on TikTok would.
  func revokeAtSandbox(_ account: String) throws {
    let token = try run(["token", account])
    #expect(token.status == 0, "\(token.stderr)")
    let sandbox = try sharedSandbox()
    defer { sandbox.stop() }
    let body = FormEncoding.encode([
      ("client_key", sandbox.settings.clientKey), ("client_secret", sandbox.settings.clientSecret),
      ("token", token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
    ])
    let answer = try LoopbackHTTP.request(
      "POST", sandbox.baseURL + "/v2/oauth/revoke/",
      headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    #expect(answer.status == 200, "\(answer.body)")
  }

  /// The accounts list's part of the screen row that shows `name` (the detail pane cut off).
  func listRow(_ name: String, in screen: String) -> String? {
    // Below the header, which names the current account too (cut short when it is long).
    Screen.rows(screen).dropFirst().lazy.compactMap { $0.components(separatedBy: "││").first }
      .first { $0.contains(name) }
  }
}
