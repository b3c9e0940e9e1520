import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("tractok exec and token --json: tokens to programs through the environment or JSON")
struct ExecAndTokenFormsTests {
  func world() throws -> SandboxWorld {
    let world = try SandboxWorld()
    try world.connectAccounts(2)
    return world
  }

  func sql(_ world: SandboxWorld, _ statement: String) throws {
    #expect(try Spawn.run("/usr/bin/sqlite3", ["\(world.home)/tractok.db", statement]).status == 0)
  }

  func openID(_ world: SandboxWorld, _ username: String) throws -> String {
    try #require(world.sandbox.accounts.first { $0.username == username }).openID
  }

  @Test("exec hands the token through the environment only, without the secret or the key")
  func environmentOnly() throws {
    let world = try world()
    let out = world.directory.file("child")
    // The child records its environment and every command line on the machine while it runs.
    let script = """
      env > '\(out).env'
      for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f"; echo; done > '\(out).cmdlines' 2>/dev/null
      """
    // The key tractok made, given as the variable: the child must not see it.
    let key = try String(contentsOfFile: "\(world.home)/key", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let result = try world.run(
      ["exec", "@novastars", "--", "/bin/sh", "-c", script], ["TIKTOK_ENCRYPTION_KEY": key])
    #expect(result.status == 0, "\(result.stderr)")
    let environment = try String(contentsOfFile: "\(out).env", encoding: .utf8)
      .split(separator: "\n").map(String.init)
    func value(_ name: String) -> String? {
      environment.first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) }
    }
    let token = try #require(value("TIKTOK_ACCESS_TOKEN"))
    #expect(world.sandbox.ledger().accessTokensIssued.contains(token))
    let nova = try openID(world, "novastars")
    #expect(value("TIKTOK_OPEN_ID") == nova)
    #expect(value("TRACTOK_ACCOUNT") == nova)
    #expect(value("TIKTOK_CLIENT_SECRET") == nil)
    #expect(value("TIKTOK_ENCRYPTION_KEY") == nil)
    #expect(value("TIKTOK_CLIENT_KEY") == world.sandbox.settings.clientKey)
    let cmdlines = try String(contentsOfFile: "\(out).cmdlines", encoding: .utf8)
    #expect(cmdlines.contains("tractok exec @novastars"), "the command lines were read")
    #expect(!cmdlines.contains(token))
    #expect(!cmdlines.contains(key))
    #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
  }

  @Test("exec ends with the command's status, 128+N for a signal, 127 when it is not found")
  func exitStatus() throws {
    let world = try world()
    #expect(try world.run(["exec", "--", "/bin/sh", "-c", "exit 7"]).status == 7)
    #expect(try world.run(["exec", "--", "/bin/sh", "-c", "kill -TERM $$"]).status == 143)
    #expect(try world.run(["exec", "--", "true"]).status == 0)
    let missing = try world.run(["exec", "--", "no-such-command-here"])
    #expect(missing.status == 127)
    #expect(missing.stderr.contains("no-such-command-here: command not found"))
    let bare = try world.run(["exec", "@novastars"])
    #expect(bare.status == 2)
    #expect(bare.stderr.contains("needs a command after `--`"))
  }

  @Test("exec refuses with 4 before running anything when the account needs a reconnect")
  func expiredAccount() throws {
    let world = try world()
    try sql(world, "UPDATE accounts SET status = 'expired', status_reason = 'invalid_grant' WHERE username = 'novastars';")
    let marker = world.directory.file("ran")
    let result = try world.run(["exec", "@novastars", "--", "/usr/bin/touch", marker])
    #expect(result.status == 4)
    #expect(!FileManager.default.fileExists(atPath: marker))
  }

  @Test("exec's token lasts 300 s by default: a shorter one is refreshed first; token's is not")
  func minimumValidity() throws {
    let world = try world()
    // 250 s left of a 400-s token: not due yet (due at 200 s), but short of exec's 300 s.
    let soon = Int(Date().addingTimeInterval(250).timeIntervalSince1970)
    try sql(world, "UPDATE accounts SET access_expires_at = \(soon), access_lifetime = 400 WHERE username = 'novastars';")
    let nova = try openID(world, "novastars")
    #expect(try world.run(["token", "@novastars"]).status == 0)
    #expect(world.sandbox.ledger().refreshes[nova, default: 0] == 0)
    #expect(try world.run(["exec", "@novastars", "--", "true"]).status == 0)
    #expect(world.sandbox.ledger().refreshes[nova, default: 0] == 1)
  }

  @Test("token --json prints the documented object with a valid token; --json and --header clash")
  func tokenJSON() throws {
    let world = try world()
    let result = try world.run(["token", "@mayacooks", "--json"])
    #expect(result.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["open_id", "access_token", "expires_at", "scopes"])
    #expect(object["open_id"] as? String == (try openID(world, "mayacooks")))
    let token = try #require(object["access_token"] as? String)
    #expect(world.sandbox.ledger().accessTokensIssued.contains(token))
    let expires = try #require(ISO8601DateFormatter().date(from: object["expires_at"] as? String ?? ""))
    #expect(expires > Date())
    #expect((object["scopes"] as? [String])?.contains("user.info.basic") == true)
    let both = try world.run(["token", "--json", "--header"])
    #expect(both.status == 2)
  }

  @Test("a tractok run by exec finds the same account, in the same profile")
  func nestedInProfile() throws {
    let world = try SandboxWorld()
    let work = ["TRACTOK_PROFILE": "work"]
    #expect(try world.run(["tier", "set", "pro"], work).status == 0)
    #expect(try world.connectByPaste(account: "novastars", work).wait() == 0)
    let directory = URL(fileURLWithPath: TractokBinary.path).deletingLastPathComponent().path
    var environment = world.environment()
    environment["PATH"] = "\(directory):/usr/bin:/bin"
    let result = try TractokBinary.run(
      ["--profile", "work", "exec", "--", "/bin/sh", "-c", "tractok token >/dev/null && echo nested-ok"],
      environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "nested-ok\n")
  }

  @Test("exec's command gets the umask tractok was started with, not tractok's private one")
  func userUmask() throws {
    let world = try world()
    let script = "umask 027; exec '\(TractokBinary.path)' exec -- /bin/sh -c umask"
    let result = try TractokBinary.run(
      ["-c", script], environment: world.environment(), executable: "/bin/sh")
    #expect(result.stdout == "0027\n", "\(result.stderr)")
  }

  @Test("token hands out the stored token while it lasts, though the refresh it came due for fails")
  func failingRefreshKeepsGoodToken() throws {
    let world = try world()
    // Due (less than the 720-s margin left) but valid for 400 s more.
    let soon = Int(Date().addingTimeInterval(400).timeIntervalSince1970)
    try sql(world, "UPDATE accounts SET access_expires_at = \(soon) WHERE username = 'novastars';")
    #expect(world.sandbox.inject(.httpStatus(503), endpoint: .token, count: 50))
    let result = try world.run(["token", "@novastars", "--timeout", "2"])
    #expect(result.status == 0, "\(result.stderr)")
    let token = result.stdout.trimmingCharacters(in: .newlines)
    #expect(world.sandbox.issuedAccessToken(token)?.isValid(at: Date()) == true)
    #expect(world.sandbox.ledger().refreshes[try openID(world, "novastars"), default: 0] == 0)
    // The failure is the account's: it shows as error with its next attempt.
    let status = try world.run(["status", "@novastars", "--json"]).stdout
    #expect(status.contains("\"status\": \"error\""))
  }

  @Test("pressing Tab on a machine with no data directory creates none")
  func completionCreatesNothing() throws {
    let directory = TemporaryDirectory()
    let home = directory.file("never-made")
    let result = try TractokBinary.run(
      ["__complete", "accounts"], environment: TractokBinary.environment(home: home))
    #expect(result.status == 0 && result.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: home))
  }
}
