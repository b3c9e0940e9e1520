import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension UITests {
  @Suite("The UI in tmux: paste-back while another process holds the redirect port")
  struct PortTakenUITests {
    /// The screen's words in reading order: frames and line breaks as single spaces, so a
    /// sentence wrapped in the dialog reads whole.
    static func prose(_ screen: String) -> String {
      screen.map { "│|".contains($0) ? " " : $0 }.split(whereSeparator: \.isWhitespace)
        .map { String($0) }.joined(separator: " ")
    }

    /// The last authorize URL the UI wrote as an OSC 8 link (the dialog shows it wrapped; the
    /// link carries it whole).
    static func linkedAuthorizeURL(_ ui: TractokUI) -> String? {
      let raw = (try? String(contentsOfFile: ui.outputPath, encoding: .utf8)) ?? ""
      return raw.components(separatedBy: "\u{1B}]8;id=tractok;").dropFirst().compactMap { tail in
        let url = tail.prefix { $0 != "\u{1B}" && $0 != "\u{07}" }
        return url.contains("/v2/auth/authorize/?") ? String(url) : nil
      }.last
    }

    @Test(
      "with another tractok on the fixed redirect port, the dialog names it and a pasted address connects"
    )
    func pasteWhilePortTaken() throws {
      // Another tractok of this user, waiting on a port of its own (its own home and sandbox).
      let elsewhere = TemporaryDirectory("tractok-holder")
      let holder = try InteractiveProcess(
        ["connect", "--no-browser", "--timeout", "120"],
        environment: TractokBinary.environment(
          home: elsewhere.file("home"),
          extra: ["TIKTOK_REDIRECT_URI": "http://127.0.0.1:*/callback/"]))
      defer {
        holder.signal(SIGINT)
        holder.wait()
      }
      let port = try ConnectPortTests.redirectPort(try SandboxWorld.authorizeURL(holder))
      let ui = try TractokUI(
        environment: ["TIKTOK_REDIRECT_URI": "http://127.0.0.1:\(port)/callback/"])
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.tmux.send("c")
      #expect(ui.tmux.waitFor("How do you want to sign in to TikTok?").found)
      try ui.tmux.send("3")
      let pid = holder.process.processIdentifier
      let waiting = ui.tmux.waitUntil { screen in
        let text = Self.prose(screen)
        return text.contains("port \(port) is held by your tractok (pid \(pid))")
          && text.contains("Paste the address the browser ended on, then Enter:")
          && text.contains("2 QR")
      }
      #expect(waiting.found, "\(waiting.screen)")
      var authorize: String?
      #expect(
        eventually {
          authorize = Self.linkedAuthorizeURL(ui)
          return authorize != nil
        })
      let url = try #require(authorize)
      #expect(try ConnectPortTests.redirectPort(url) == port)
      let sandbox = try ui.sharedSandbox()
      defer { sandbox.stop() }
      let query = try #require(url.split(separator: "?", maxSplits: 1).last)
      try ui.tmux.type(try sandbox.approve(authorizeQuery: String(query)).get())
      try ui.tmux.send("Enter")
      let added = ui.tmux.waitFor(all: ["✓ Added Maya Chen (@mayacooks).", "Enter close"])
      #expect(added.found, "\(added.screen)")
      // The holder was never reached: it still waits, having seen no callback.
      #expect(holder.process.isRunning)
      #expect(!holder.stdout.contains("Authorized") && !holder.stderr.contains("refused"))
      try ui.tmux.send("Enter")
      #expect(ui.tmux.waitFor("Accounts (1)").found)
    }
  }
}
