import Foundation
import Sandbox
import TestSupport
import Testing

extension UITests {
  @Suite("The UI in tmux with several apps; app add at a terminal")
  struct AppsUITests {
    @Test("the header and the connect dialog name the profile's app; the details show the account's app and union_id")
    func appNamed() throws {
      let directory = TemporaryDirectory("tractok-ui")
      let environment = TractokBinary.environment(home: directory.file("home"))
      let added = try TractokBinary.run(
        ["app", "add", "test-app", "--client-key", "key-test", "--api-base-url", "sandbox"],
        environment: environment, stdin: "secret-test\n")
      #expect(added.status == 0, "\(added.stderr)")
      #expect(
        try TractokBinary.run(
          ["profile", "create", "test", "--app", "test-app"], environment: environment
        ).status == 0)
      let ui = try TractokUI(directory: directory, arguments: ["--profile", "test"])
      let empty = ui.tmux.waitFor(all: ["test · app test-app · free · 0 of 1 slots", "SANDBOX"])
      #expect(empty.found, "\(empty.screen)")
      try ui.tmux.send("c")
      let dialog = ui.tmux.waitFor("Connect a TikTok account · app test-app")
      #expect(dialog.found, "\(dialog.screen)")
      try ui.approveBySandbox(expecting: "✓ Added Maya Chen (@mayacooks).")
      let maya = try #require(SandboxCatalog.account("mayacooks"))
      let details = ui.tmux.waitFor(all: ["App        test-app · union_id", String(maya.unionID.prefix(20))])
      #expect(details.found, "\(details.screen)")
    }

    @Test("app add at a terminal reads the secret without echo; Ctrl-C at the prompt gives the echo back")
    func secretNotEchoed() throws {
      let directory = TemporaryDirectory()
      let environment = TractokBinary.environment(home: directory.file("home"))
      let program = "'\(TractokBinary.path)'"
      let session = try TmuxSession(
        // The shell survives the Ctrl-C (its trap) and goes on to show the terminal's mode.
        command: "trap 'echo interrupted' INT; \(program) app add brand --client-key key-brand; "
          + "echo \"status $?\"; "
          + "\(program) app add other --client-key key-other; stty -a | grep -o ' -\\?echo '; cat",
        environment: environment)
      #expect(session.waitFor("Client secret of app brand (typing is not shown):").found)
      try session.type("hidden-secret-7q")
      try session.send("Enter")
      let stored = session.waitFor(all: ["Stored app brand", "status 0"])
      #expect(stored.found, "\(stored.screen)")
      #expect(!stored.screen.contains("hidden-secret-7q"))
      let listed = try TractokBinary.run(["app", "list", "--json"], environment: environment)
      #expect(listed.stdout.contains("\"key-brand\"") && !listed.stdout.contains("hidden-secret-7q"))
      #expect(session.waitFor("Client secret of app other").found)
      try session.send("C-c")
      // The shell goes on to `stty`: echo is on again, and typed text shows.
      let restored = session.waitUntil { Screen.rows($0).contains(" echo") }
      #expect(restored.found, "\(restored.screen)")
      try session.type("visible-again")
      #expect(session.waitFor("visible-again").found)
      let apps = try TractokBinary.run(["app", "list"], environment: environment)
      #expect(!apps.stdout.contains("other"))
    }
  }
}
