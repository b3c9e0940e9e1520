import Domain
import Foundation
import Sandbox
import Storage
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("tractok connect --qr as a process, the sandbox playing the phone")
struct ConnectQRCommandTests {
  let directory = TemporaryDirectory()
  let sandbox: SandboxServer
  var home: String { directory.file("home") }

  init() throws {
    sandbox = try SandboxServer(settings: SandboxSettings(), digest: OpenSSLDigest())
  }

  func environment() -> [String: String] {
    TractokBinary.environment(
      home: home, tikTok: sandbox.baseURL, clientKey: sandbox.settings.clientKey,
      clientSecret: sandbox.settings.clientSecret)
  }

  /// Starts `connect --qr` and waits until its first code is shown.
  func start(_ arguments: [String] = []) throws -> InteractiveProcess {
    let process = try InteractiveProcess(
      ["connect", "--qr"] + arguments, environment: environment())
    #expect(process.waitForOutput("Waiting for a scan ("))
    return process
  }

  /// The scan URLs printed so far.
  func scanURLs(_ process: InteractiveProcess) -> [String] {
    process.stdout.split(separator: "\n").compactMap { line in
      line.hasPrefix("Scan URL: ") ? String(line.dropFirst("Scan URL: ".count)) : nil
    }
  }

  /// The phone scans `url` for the newest code; returns that code's poll token.
  @discardableResult
  func scan(_ url: String) throws -> String {
    let token = try #require(sandbox.ledger().qrTokensIssued.last)
    _ = try sandbox.scanQR(token: token, scannedURL: url).get()
    return token
  }

  /// A whole connect: the phone scans the printed URL and confirms as Maya Chen.
  func connect() throws -> InteractiveProcess {
    let process = try start()
    let token = try scan(try #require(scanURLs(process).last))
    #expect(process.waitForOutput("Scanned: confirm on your phone."))
    try sandbox.confirmQR(token: token, accountID: "mayacooks").get()
    return process
  }

  @Test("the phone scans and confirms: the account is stored, listed, and no secret is printed")
  func fullConnect() throws {
    let process = try connect()
    #expect(process.wait() == 0)
    #expect(process.stdout.contains("Confirmed on the phone; exchanging the code..."))
    #expect(
      process.stdout.contains("Connected Maya Chen (@mayacooks) to profile default: 1 of 1 slots"))
    // Not a terminal: no escapes, drawn for a dark background, and it says so.
    #expect(!process.stdout.contains("\u{1B}"))
    #expect(process.stdout.contains("Drawn without colours for a dark background"))
    let listed = try TractokBinary.run(["accounts", "--json"], environment: environment())
    #expect(listed.stdout.contains("\"username\": \"mayacooks\""))
    let ledger = sandbox.ledger()
    #expect(ledger.qrTokensIssued.count == 1 && ledger.codesIssued.count == 1)
    let log = (try? String(contentsOfFile: "\(home)/tractok.log", encoding: .utf8)) ?? ""
    for secret in ledger.allSecrets + [sandbox.settings.clientSecret] {
      #expect(!process.stdout.contains(secret) && !process.stderr.contains(secret))
      #expect(!log.contains(secret))
    }
  }

  @Test(
    "the drawn code decodes to the printed URL with our client_ticket, and scanning it connects",
    .enabled(if: QRScan.isAvailable, Comment(rawValue: QRScan.missingDecoder)))
  func drawnCodeScans() throws {
    let process = try start()
    let drawing = try #require(QRScan.drawings(in: process.stdout).last)
    let modules = try #require(QRScan.modules(halfBlocks: drawing, inkIsDark: false))
    // Drawn for a dark terminal: outside its quiet zone the screen is dark.
    let decoded = try QRScan.decode(modules, surroundIsDark: true)
    let printed = try #require(scanURLs(process).last)
    #expect(decoded == [printed])
    #expect(printed.contains("client_ticket=") && !printed.contains("client_ticket=tobefilled"))
    let token = try scan(try #require(decoded.first))
    try sandbox.confirmQR(token: token, accountID: "mayacooks").get()
    #expect(process.wait() == 0)
  }

  @Test("a declined code stays scanned; once expired a new code is drawn, and it connects")
  func declineExpiryRenewal() throws {
    let process = try start()
    let first = try #require(scanURLs(process).last)
    let token = try scan(first)
    #expect(process.waitForOutput("Scanned: confirm on your phone."))
    try sandbox.declineQR(token: token).get()
    let polls = sandbox.ledger().count(.checkQRCode)
    #expect(eventually(timeout: 15) { sandbox.ledger().count(.checkQRCode) >= polls + 2 })
    #expect(process.process.isRunning)
    #expect(!process.stdout.contains("expired"))
    #expect(sandbox.advanceClock(by: 301))
    #expect(process.waitForOutput("This code expired; getting a new one..."))
    #expect(eventually { scanURLs(process).count == 2 })
    let second = try #require(scanURLs(process).last)
    #expect(second != first)
    #expect(QRScan.drawings(in: process.stdout).count == 2)
    #expect(sandbox.ledger().qrTokensIssued.count == 2)
    let renewed = try scan(second)
    try sandbox.confirmQR(token: renewed, accountID: "mayacooks").get()
    #expect(process.wait() == 0)
    #expect(process.stdout.contains("Connected Maya Chen"))
  }

  @Test("an answer with another client_ticket is ignored; TikTok then says utilised: exit 1")
  func wrongTicketThenUtilised() throws {
    let process = try start()
    let token = try scan(try #require(scanURLs(process).last))
    #expect(process.waitForOutput("Scanned: confirm on your phone."))
    // Two forged answers: whichever polls they hit, the confirmed one (with the code) is among
    // them, so the code is never ours to exchange.
    sandbox.inject(.wrongClientTicket, endpoint: .checkQRCode, count: 2)
    try sandbox.confirmQR(token: token, accountID: "mayacooks").get()
    #expect(process.wait() == 1)
    #expect(process.stderr.contains("already used"))
    #expect(!process.stdout.contains("Confirmed on the phone"))
    #expect(sandbox.ledger().count(.token) == 0)
  }

  @Test("Ctrl-C cancels with exit 1")
  func ctrlC() throws {
    let process = try start()
    process.signal(SIGINT)
    #expect(process.wait() == 1)
    #expect(process.stderr.contains("connect cancelled"))
  }

  @Test("it gives up after --timeout with exit 1")
  func timeout() throws {
    let process = try start(["--timeout", "3"])
    #expect(process.wait() == 1)
    #expect(process.stderr.contains("timed out"))
  }

  @Test("at the tier limit it refuses with the upgrade hint before asking TikTok for a code")
  func tierLimit() throws {
    #expect(try connect().wait() == 0)
    let refused = try TractokBinary.run(["connect", "--qr"], environment: environment())
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("tractok tier set pro"))
    #expect(sandbox.ledger().count(.getQRCode) == 1)
  }

  @Test("on the built-in sandbox it shows the phone page, and `approve` on stdin connects")
  func builtInSandbox() throws {
    let process = try InteractiveProcess(
      ["connect", "--qr"], environment: TractokBinary.environment(home: home))
    #expect(process.waitForOutput("Waiting for a scan ("))
    let page = try #require(
      process.stdout.split(separator: "\n").first { $0.hasPrefix("Sandbox: play the phone at ") }?
        .split(separator: " ").last.map(String.init))
    #expect(page.contains("/_sandbox/phone?token="))
    let phone = try LoopbackHTTP.request("GET", page)
    #expect(phone.status == 200)
    process.writeLine("approve")
    #expect(process.wait() == 0)
    #expect(process.stdout.contains("Connected Maya Chen (@mayacooks)"))
  }
}
