import Foundation
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
      "Waiting for TikTok to send the browser back", "a approve in sandbox",
    ])
    #expect(waiting.found, "\(waiting.screen)")
  }

  /// Connects the next sandbox account through the dialog (c, Enter for the browser, a) and
  /// closes the dialog.
  func connectBySandbox(expecting name: String) throws {
    try startBrowserAttempt()
    try tmux.send("a")
    let added = tmux.waitFor("✓ Added \(name)")
    #expect(added.found, "\(added.screen)")
    try tmux.send("Enter")
    #expect(tmux.waitUntil { !$0.contains("Connect a TikTok account") }.found)
  }

  /// The @username `tractok accounts --json` marks as selected (what scripts get a token for).
  func storedSelection() throws -> String? {
    let listed = try run(["accounts", "--json"])
    let items = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
    let selected = items?.first { $0["selected"] as? Bool == true }
    return selected?["username"] as? String
  }
}
