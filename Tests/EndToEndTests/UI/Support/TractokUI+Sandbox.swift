import TestSupport
import Testing

extension TractokUI {
  /// Connects the next sandbox account through the dialog (c, Enter for the browser, a) and
  /// closes the dialog.
  func connectBySandbox(expecting name: String) throws {
    try tmux.send("c")
    #expect(tmux.waitFor("How do you want to sign in to TikTok?").found)
    try tmux.send("Enter")
    #expect(tmux.waitFor("a approve in sandbox").found)
    try tmux.send("a")
    let added = tmux.waitFor("✓ Added \(name)")
    #expect(added.found, "\(added.screen)")
    try tmux.send("Enter")
    #expect(tmux.waitUntil { !$0.contains("Connect a TikTok account") }.found)
  }
}
