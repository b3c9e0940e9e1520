import Domain
import Foundation
import Sandbox
import Storage
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("tractok connect, token, refresh, status and disconnect as a process")
struct ConnectCommandTests {
  let world: SandboxWorld
  var sandbox: SandboxServer { world.sandbox }
  var home: String { world.home }

  init() throws { world = try SandboxWorld() }

  func environment(_ extra: [String: String] = [:]) -> [String: String] { world.environment(extra) }

  func authorizeURL(_ process: InteractiveProcess) throws -> String {
    try SandboxWorld.authorizeURL(process)
  }

  func connectByPaste(_ extra: [String: String] = [:]) throws -> InteractiveProcess {
    try world.connectByPaste(extra)
  }

  /// A `$BROWSER` script in the test's directory that runs `body`.
  func browserScript(_ body: String) throws -> String {
    let script = world.directory.file("browser.sh")
    try "#!/bin/sh\n\(body)\n".write(toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    return script
  }

  @Test("paste-back connects the account, exits 0, and accounts --json lists it")
  func pasteBackConnect() throws {
    let process = try connectByPaste()
    #expect(process.wait() == 0)
    #expect(process.stdout.contains("Connected Maya Chen (@mayacooks)"))
    #expect(process.stderr.contains("Not accepted"))
    let listed = try TractokBinary.run(["accounts", "--json"], environment: environment())
    #expect(listed.stdout.contains("\"username\": \"mayacooks\""))
  }

  @Test("over SSH the exact ssh -L line and the ~C escape are printed")
  func sshHints() throws {
    let process = try InteractiveProcess(
      ["connect", "--no-browser", "--timeout", "5"],
      environment: environment([
        "SSH_CONNECTION": "203.0.113.9 52100 198.51.100.7 22", "USER": "maya",
      ]))
    _ = try authorizeURL(process)
    #expect(process.waitForOutput("~C"))
    let port = try #require(
      URLComponents(string: try authorizeURL(process))?.queryItems?.first {
        $0.name == "redirect_uri"
      }?.value.flatMap { URLComponents(string: $0)?.port })
    #expect(process.stdout.contains("ssh -L \(port):127.0.0.1:\(port) maya@198.51.100.7"))
    process.signal(SIGINT)
    #expect(process.wait() == 1)
  }

  @Test("closing standard input does not cancel; the timeout does, with exit 1")
  func eofDoesNotCancel() throws {
    let process = try InteractiveProcess(
      ["connect", "--no-browser", "--timeout", "2"], environment: environment())
    _ = try authorizeURL(process)
    process.closeInput()
    #expect(process.wait() == 1)
    #expect(process.stderr.contains("timed out"))
  }

  @Test("at the tier limit connect refuses with the upgrade hint before any authorize request")
  func tierLimit() throws {
    #expect(try connectByPaste().wait() == 0)
    let before = sandbox.ledger().count(.authorize)
    let refused = try TractokBinary.run(["connect", "--no-browser"], environment: environment())
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("tractok tier set pro"))
    #expect(sandbox.ledger().count(.authorize) == before)
  }

  @Test("token prints only the token; refresh rotates it; status exits 0; disconnect --yes revokes")
  func scriptInterface() throws {
    #expect(try connectByPaste().wait() == 0)
    let token = try TractokBinary.run(["token"], environment: environment())
    #expect(token.status == 0)
    #expect(token.stdout == (sandbox.ledger().accessTokensIssued.last ?? "") + "\n")
    let refreshed = try TractokBinary.run(["refresh"], environment: environment())
    #expect(refreshed.status == 0)
    #expect(sandbox.ledger().refreshes.values.reduce(0, +) == 1)
    let after = try TractokBinary.run(["token", "@mayacooks"], environment: environment())
    #expect(after.stdout == (sandbox.ledger().accessTokensIssued.last ?? "") + "\n")
    #expect(after.stdout != token.stdout)
    #expect(try TractokBinary.run(["status"], environment: environment()).status == 0)
    let gone = try TractokBinary.run(
      ["disconnect", "mayacooks", "--yes"], environment: environment())
    #expect(gone.status == 0)
    #expect(sandbox.ledger().revocations.count == 1)
    #expect(
      try TractokBinary.run(["accounts", "--json"], environment: environment()).stdout == "[]\n")
  }

  @Test("token --header prints the Authorization line curl -H @- reads from a pipe")
  func tokenHeader() throws {
    #expect(try connectByPaste().wait() == 0)
    let result = try TractokBinary.run(
      ["token", "@mayacooks", "--header"], environment: environment())
    #expect(result.status == 0)
    #expect(
      result.stdout == "Authorization: Bearer \(sandbox.ledger().accessTokensIssued.last ?? "-")\n")
  }

  @Test("token exits 4 when the grant is dead and the account needs a reconnect")
  func tokenNeedsReconnect() throws {
    #expect(try connectByPaste().wait() == 0)
    sandbox.inject(.invalidGrant, endpoint: .token, count: 1)
    #expect(try TractokBinary.run(["refresh"], environment: environment()).status == 4)
    let result = try TractokBinary.run(["token"], environment: environment())
    #expect(result.status == 4)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("tractok connect"))
    #expect(try TractokBinary.run(["status"], environment: environment()).status == 1)
  }

  @Test("no issued secret appears in any output or the log")
  func noSecretLeaks() throws {
    let process = try connectByPaste()
    #expect(process.wait() == 0)
    let outputs = [
      process.stdout, process.stderr,
      try TractokBinary.run(["refresh", "--all"], environment: environment()).stdout,
      try TractokBinary.run(["status"], environment: environment()).stdout,
      try TractokBinary.run(["accounts", "--json"], environment: environment()).stdout,
      try String(contentsOfFile: "\(home)/tractok.log", encoding: .utf8),
    ]
    let ledger = sandbox.ledger()
    let secrets = ledger.allSecrets + [sandbox.settings.clientSecret]
    #expect(!ledger.codesIssued.isEmpty)
    for secret in secrets {
      for output in outputs { #expect(!output.contains(secret)) }
    }
  }

  @Test(
    "$BROWSER gets a private file:// page that forwards to TikTok, no secret in its arguments or environment; the page goes with the attempt"
  )
  func browserHandoff() throws {
    let dump = world.directory.file("browser.env")
    let script = try browserScript("env > '\(dump)'\necho \"$1\" >> '\(dump)'")
    let key = Data(repeating: 7, count: 32).base64EncodedString()
    let process = try InteractiveProcess(
      ["connect", "--timeout", "30"],
      environment: environment(["BROWSER": script, "TIKTOK_ENCRYPTION_KEY": key]))
    let authorize = try authorizeURL(process)
    #expect(
      eventually {
        ((try? String(contentsOfFile: dump, encoding: .utf8)) ?? "").contains("file://")
      })
    let seen = try String(contentsOfFile: dump, encoding: .utf8)
    let argument = try #require(seen.split(separator: "\n").last.map(String.init))
    #expect(argument.hasPrefix("file://\(home)/browser/connect-"))
    #expect(
      !seen.contains("state=") && !seen.contains("code_challenge")
        && !seen.contains("/v2/auth/authorize/"))
    #expect(!seen.contains(sandbox.settings.clientSecret))
    #expect(!seen.contains(key))
    #expect(!seen.contains("TIKTOK_CLIENT_SECRET") && !seen.contains("TIKTOK_ENCRYPTION_KEY"))
    let page = try #require(URL(string: argument)?.path)
    #expect(PrivateFiles.mode(of: page) == 0o600)
    #expect(PrivateFiles.mode(of: "\(home)/browser") == 0o700)
    #expect(
      FakeBrowser.metaRefresh(in: try String(contentsOfFile: page, encoding: .utf8)) == authorize)
    process.signal(SIGINT)
    #expect(process.wait() == 1)
    #expect(!FileManager.default.fileExists(atPath: page))
  }

  @Test(
    "a $BROWSER that follows the handoff page like a browser approves on TikTok's page and lands on the listener"
  )
  func browserFollowsHandoff() throws {
    let process = try InteractiveProcess(
      ["connect", "--timeout", "60"],
      environment: environment(["BROWSER": "\(TractokBinary.built("LocalPeer")) browse"]))
    #expect(process.wait(timeout: 60) == 0, "\(process.stdout)\(process.stderr)")
    #expect(process.stdout.contains("Connected Maya Chen (@mayacooks)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: "\(home)/browser").isEmpty)
  }

  @Test("a page left by a process that was killed is removed when the next connect writes its own")
  func staleHandoffRemoved() throws {
    let script = try browserScript("exit 0")
    let first = try InteractiveProcess(
      ["connect", "--timeout", "30"], environment: environment(["BROWSER": script]))
    _ = try authorizeURL(first)
    #expect(first.waitForOutput("Opened it with"))
    let left = try FileManager.default.contentsOfDirectory(atPath: "\(home)/browser")
    #expect(left.count == 1)
    first.signal(SIGKILL)
    first.wait()
    let second = try InteractiveProcess(
      ["connect", "--timeout", "30"], environment: environment(["BROWSER": script]))
    _ = try authorizeURL(second)
    #expect(second.waitForOutput("Opened it with"))
    let now = try FileManager.default.contentsOfDirectory(atPath: "\(home)/browser")
    #expect(now.count == 1 && now != left)
    second.signal(SIGINT)
    second.wait()
  }

  @Test(
    "--min-valid 0 is accepted; one longer than TikTok's token lifetime fails without rotating anything"
  )
  func minValidBounds() throws {
    #expect(try connectByPaste().wait() == 0)
    #expect(
      try TractokBinary.run(["token", "--min-valid", "0"], environment: environment()).status == 0)
    let refreshes = sandbox.ledger().refreshes.values.reduce(0, +)
    let tooLong = try TractokBinary.run(
      ["token", "--min-valid", "999999"], environment: environment())
    #expect(tooLong.status == 1)
    #expect(tooLong.stderr.contains("last 7200 s"))
    #expect(sandbox.ledger().refreshes.values.reduce(0, +) == refreshes)
  }

  @Test("a $BROWSER that fails is reported, not claimed as opened")
  func failingBrowser() throws {
    let process = try InteractiveProcess(
      ["connect", "--timeout", "3"], environment: environment(["BROWSER": "/bin/false"]))
    _ = try authorizeURL(process)
    #expect(process.wait() == 1)
    #expect(!process.stdout.contains("Opened it with"))
    #expect(process.stderr.contains("Could not open the URL"))
  }

  @Test("$BROWSER as a list: a command that fails is passed over for the next, %s takes the page")
  func browserList() throws {
    let dump = world.directory.file("browser.args")
    let script = try browserScript("echo \"$@\" > '\(dump)'")
    let process = try InteractiveProcess(
      ["connect", "--timeout", "30"],
      environment: environment([
        "BROWSER": "/nonexistent/browser:/bin/false:\(script) --new-window=%s"
      ]))
    _ = try authorizeURL(process)
    #expect(process.waitForOutput("Opened it with \(script)."))
    #expect(eventually { FileManager.default.fileExists(atPath: dump) })
    let arguments = try String(contentsOfFile: dump, encoding: .utf8)
    #expect(arguments.hasPrefix("--new-window=file://\(home)/browser/connect-"), "\(arguments)")
    process.signal(SIGINT)
    #expect(process.wait() == 1)
  }

  @Test(
    "a callback tractok refuses (wrong state, an error without state) is explained while it keeps waiting"
  )
  func refusedCallbackExplained() throws {
    let process = try InteractiveProcess(
      ["connect", "--no-browser", "--timeout", "10"], environment: environment())
    let url = try authorizeURL(process)
    let redirect = try #require(
      URLComponents(string: url)?.queryItems?.first { $0.name == "redirect_uri" }?.value)
    _ = try LoopbackHTTP.request(
      "GET", redirect + "?error=access_denied&error_description=cancelled")
    #expect(eventually { process.stderr.contains("tractok refused it") })
    _ = try LoopbackHTTP.request("GET", redirect + "favicon.ico")
    process.signal(SIGINT)
    #expect(process.wait() == 1)
    #expect(process.stderr.components(separatedBy: "tractok refused it").count == 2)
  }
}
