import Domain
import Foundation
import Sandbox
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("tractok connect and doctor: the wildcard redirect port, and a fixed port someone holds")
struct ConnectPortTests {
  let world: SandboxWorld

  init() throws { world = try SandboxWorld() }

  /// The port in the `redirect_uri` of an authorize URL.
  static func redirectPort(_ authorizeURL: String) throws -> Int {
    let redirect = try #require(
      URLComponents(string: authorizeURL)?.queryItems?.first { $0.name == "redirect_uri" }?.value)
    return try #require(URLComponents(string: redirect)?.port)
  }

  /// A `tractok connect` on the wildcard port, waiting: the holder of a port, as a second
  /// tractok of the same user would be.
  func holder() throws -> (process: InteractiveProcess, port: Int) {
    let process = try InteractiveProcess(
      ["connect", "--no-browser", "--timeout", "120"], environment: world.environment())
    return (process, try Self.redirectPort(try SandboxWorld.authorizeURL(process)))
  }

  @Test(
    "the default redirect URI is the wildcard one: connect listens on the port it names, and the SSH hint names that port"
  )
  func defaultWildcard() throws {
    // An empty TIKTOK_REDIRECT_URI counts as unset: the default applies.
    let process = try InteractiveProcess(
      ["connect", "--no-browser", "--timeout", "30"],
      environment: world.environment([
        "TIKTOK_REDIRECT_URI": "", "SSH_CONNECTION": "203.0.113.9 52100 198.51.100.7 22",
        "USER": "maya",
      ]))
    let url = try SandboxWorld.authorizeURL(process)
    let port = try Self.redirectPort(url)
    #expect(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A\(port)%2Fcallback%2F"))
    #expect(port != 8723)
    #expect(process.waitForOutput("~C"))
    #expect(process.stdout.contains("ssh -L \(port):127.0.0.1:\(port) "))
    // The port named is the one this very process listens on.
    let answer = try LoopbackHTTP.request("GET", "http://127.0.0.1:\(port)/favicon.ico")
    #expect(answer.header(PortHolder.pidHeader) == "\(process.process.processIdentifier)")
    process.signal(SIGINT)
    #expect(process.wait() == 1)
    let doctor = try world.run(["doctor"], ["TIKTOK_REDIRECT_URI": ""])
    #expect(doctor.status == 0)
    #expect(
      doctor.stdout.contains("register http://127.0.0.1:*/callback/ at TikTok exactly as written"))
  }

  @Test(
    "with another tractok of the user on the fixed redirect port, connect names its pid, opens no browser, and paste-back connects"
  )
  func pasteWhileHeld() throws {
    let (holder, port) = try holder()
    let opened = world.directory.file("browser-ran")
    let browser = world.directory.file("browser.sh")
    try "#!/bin/sh\ntouch '\(opened)'\n".write(toFile: browser, atomically: true, encoding: .utf8)
    chmod(browser, 0o755)
    let fixed = ["TIKTOK_REDIRECT_URI": "http://127.0.0.1:\(port)/callback/", "BROWSER": browser]
    let process = try InteractiveProcess(
      ["connect", "--timeout", "60"], environment: world.environment(fixed))
    let url = try SandboxWorld.authorizeURL(process)
    #expect(try Self.redirectPort(url) == port)
    let pid = holder.process.processIdentifier
    #expect(
      process.stderr.contains("port \(port) is held by your tractok (pid \(pid))"),
      "\(process.stderr)")
    #expect(process.waitForOutput("`tractok connect --qr` works too"))
    let query = try #require(url.split(separator: "?", maxSplits: 1).last)
    process.writeLine(try world.sandbox.approve(authorizeQuery: String(query)).get())
    #expect(process.wait() == 0, "\(process.stdout)\(process.stderr)")
    #expect(process.stdout.contains("Connected Maya Chen (@mayacooks)"))
    #expect(!process.stdout.contains("Opened it with"))
    #expect(!FileManager.default.fileExists(atPath: opened))
    // The holder was left alone: still waiting on its port.
    #expect(holder.process.isRunning)
    #expect(!holder.stdout.contains("Authorized") && !holder.stderr.contains("refused"))
    holder.signal(SIGINT)
    #expect(holder.wait() == 1)
  }

  @Test("doctor explains a fixed port and warns, naming the holder, while another tractok holds it")
  func doctorBusyPort() throws {
    let (holder, port) = try holder()
    let fixed = ["TIKTOK_REDIRECT_URI": "http://127.0.0.1:\(port)/callback/"]
    let busy = try world.run(["doctor"], fixed)
    #expect(busy.status == 0, "\(busy.stdout)")
    let pid = holder.process.processIdentifier
    #expect(
      busy.stdout.contains("[warn] port \(port) is held by your tractok (pid \(pid)) now"),
      "\(busy.stdout)")
    #expect(busy.stdout.contains("its port \(port) is fixed"))
    #expect(
      busy.stdout.contains(
        "register http://127.0.0.1:\(port)/callback/ at TikTok exactly as written"))
    holder.signal(SIGINT)
    #expect(holder.wait() == 1)
    let free = try world.run(["doctor"], fixed)
    #expect(!free.stdout.contains("[warn] port"), "\(free.stdout)")
  }

  @Test("tractok sandbox --port on a port another tractok holds names it and exits 1")
  func sandboxPortHeld() throws {
    let (holder, port) = try holder()
    let refused = try world.run(["sandbox", "--port", "\(port)"])
    #expect(refused.status == 1)
    let pid = holder.process.processIdentifier
    #expect(
      refused.stderr.contains(
        "port \(port) is held by your tractok (pid \(pid)); choose another port with --port"),
      "\(refused.stderr)")
    holder.signal(SIGINT)
    #expect(holder.wait() == 1)
  }
}
