import Domain
import Foundation
import Sandbox
import Storage
import TestSupport
import Testing

/// Needs tmux and zbarimg: the code is read off the screen and decoded, as a phone would.
private let canRun =
  FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") && QRScan.isAvailable

@Suite(
  "Connect by QR code in a real terminal (tmux): the UI and connect --qr",
  .enabled(if: canRun, "needs tmux and zbarimg (scripts/test installs tmux and zbar-tools)"))
struct ConnectQRTerminalTests {
  let directory = TemporaryDirectory()
  let sandbox: SandboxServer

  init() throws {
    sandbox = try SandboxServer(settings: SandboxSettings(), digest: OpenSSLDigest())
  }

  func tmux(_ arguments: String, width: Int, height: Int) throws -> TmuxSession {
    // `swift test` sets NO_COLOR=1, which tmux would pass on; empty, it asks for nothing.
    let environment = TractokBinary.environment(
      home: directory.file("home"), tikTok: sandbox.baseURL,
      clientKey: sandbox.settings.clientKey, clientSecret: sandbox.settings.clientSecret,
      extra: ["NO_COLOR": ""])
    return try TmuxSession(
      command: "\(TractokBinary.path) \(arguments)", environment: environment,
      width: width, height: height)
  }

  /// Decodes the last drawing on `screen` (dark modules inked, as in colours); empty while
  /// there is none, or it is still being drawn.
  func decode(_ screen: String) -> [String] {
    guard let drawing = QRScan.drawings(in: screen).last,
      let modules = QRScan.modules(halfBlocks: drawing, inkIsDark: true)
    else { return [] }
    return (try? QRScan.decode(modules)) ?? []
  }

  /// The phone scans `url` for the newest code and confirms as Maya Chen.
  func scanAndConfirm(_ url: String, then: () -> Bool) throws {
    let token = try #require(sandbox.ledger().qrTokensIssued.last)
    _ = try sandbox.scanQR(token: token, scannedURL: url).get()
    #expect(then())
    try sandbox.confirmQR(token: token, accountID: "mayacooks").get()
  }

  /// The QR view's code: the screen inside the frame's side borders.
  func decodeDialog(_ screen: String) -> [String] {
    let inside = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      String(line.dropFirst().prefix { $0 != "│" })
    }
    return decode(inside.joined(separator: "\n"))
  }

  /// Starts the UI with no account, presses c and chooses QR code (2); returns the session and
  /// the first screen whose code decodes.
  func openQRDialog() throws -> (TmuxSession, String) {
    let session = try tmux("", width: 100, height: 45)
    #expect(session.waitFor("No TikTok account is connected yet").found)
    try session.send("c")
    #expect(session.waitFor("How do you want to sign in").found)
    try session.send("2")
    let shown = session.waitUntil { decodeDialog($0).count == 1 }
    #expect(shown.found)
    return (session, shown.screen)
  }

  @Test("c, QR code: the code on screen scans; the phone confirms and the account appears")
  func uiConnect() throws {
    let (session, shown) = try openQRDialog()
    #expect(shown.contains("Waiting for a scan with the TikTok app"))
    let url = try #require(decodeDialog(shown).first)
    #expect(url.contains("client_ticket=") && !url.contains("tobefilled"))
    try scanAndConfirm(url) { session.waitFor("Scanned: confirm on your phone").found }
    #expect(session.waitFor("Added Maya Chen").found)
    try session.send("Enter")
    #expect(session.waitFor("1 of 1 slots").found)
    #expect(session.waitFor("@mayacooks").found)
  }

  @Test("in the UI an expired code says so; n draws a new one that scans")
  func uiExpiredThenNew() throws {
    let (session, first) = try openQRDialog()
    let before = decodeDialog(first)
    #expect(sandbox.advanceClock(by: 301))
    #expect(session.waitFor("This code expired: press n for a new one").found)
    try session.send("n")
    let second = session.waitUntil { screen in
      screen.contains("Waiting for a scan") && decodeDialog(screen).count == 1
    }
    #expect(second.found)
    let after = decodeDialog(second.screen)
    #expect(after.count == 1 && after != before)
    #expect(sandbox.ledger().qrTokensIssued.count == 2)
  }

  @Test("connect --qr in a narrow terminal says what it needs, then draws in colour once widened")
  func cliNarrowThenWidened() throws {
    let session = try tmux("connect --qr", width: 50, height: 45)
    let narrow = session.waitFor("Waiting for a scan (")
    #expect(narrow.found)
    // Wrapped at 50 columns: joined back, the message reads whole.
    #expect(narrow.screen.replacingOccurrences(of: "\n", with: "").contains("at least 57 columns"))
    try session.resize(width: 90, height: 45)
    let drawn = session.waitUntil { decode($0).count == 1 }
    #expect(drawn.found)
    // Dark modules in black on white, as the UI draws them.
    #expect(try session.screenWithAttributes().contains("48;5;231"))
    let decoded = decode(drawn.screen)
    #expect(decoded.count == 1)
    let url = try #require(decoded.first)
    try scanAndConfirm(url) { session.waitFor("Scanned: confirm on your phone.").found }
    #expect(session.waitFor("Connected Maya Chen").found)
  }
}
