import Domain
import Foundation
import Testing

@testable import TUI

/// Snapshots of every dialog in its phases.
@Suite("Dialog snapshots")
struct DialogSnapshotTests {
  static let standard = Screens.standard
  static let cramped = Screens.cramped
  let id = AttemptID(1)

  init() { _ = TestLocale.pinned }

  private func draw(_ state: AppState) -> CellBuffer { Screens.draw(state) }

  private func after(_ state: AppState, _ messages: [Msg]) -> AppState {
    Screens.after(state, messages)
  }

  private func base(_ size: ScreenSize, sandbox: Bool = true) -> AppState {
    var state = Fixtures.state(accounts: 3, size: size, tier: .pro)
    state.isSandbox = sandbox
    return state
  }

  private var prompt: ConnectPrompt {
    ConnectPrompt(
      authorizeURL: "https://www.tiktok.com/v2/auth/authorize/?client_key=aw7nk86b7czitwc9"
        + "&scope=user.info.basic%2Cuser.info.profile%2Cuser.info.stats%2Cvideo.list"
        + "&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8723%2Fcallback%2F"
        + "&state=Zk3q9YxWb2LpNcT7&code_challenge=5f9c4ab08cac7457e9111a30e4664920"
        + "&code_challenge_method=S256&disable_auto_auth=1",
      sshForward: "ssh -L 8723:127.0.0.1:8723 maria@build-box",
      sshEscape: "Enter ~C then -L 8723:127.0.0.1:8723",
      expiresAt: Fixtures.now.addingTimeInterval(272),
      canApproveInSandbox: true, browserOpened: false)
  }

  private func waiting(_ size: ScreenSize) -> AppState {
    after(base(size), [.key(.char("c")), .key(.enter), .connectStarted(id, .success(prompt))])
  }

  @Test("connect: choosing a method", arguments: [standard, cramped])
  func choosing(size: ScreenSize) {
    Snapshot.assertMatches(
      draw(after(base(size), [.key(.char("c")), .key(.char("j"))])),
      named: "connect-choose-\(size.width)x\(size.height)")
  }

  @Test(
    "connect: waiting with link, SSH hints, paste field and sandbox approval",
    arguments: [standard, cramped])
  func waitingView(size: ScreenSize) {
    let state = waiting(size)
    Snapshot.assertMatches(draw(state), named: "connect-waiting-\(size.width)x\(size.height)")
  }

  @Test("connect: pasting hides the code and shows a refusal")
  func pasting() {
    var state = after(
      waiting(Self.standard),
      "http://127.0.0.1:8723/callback/?code=SECRETCODE123&state=Zk3".map { .key(.char($0)) })
    state = after(
      state,
      [
        .key(.enter),
        .pasteChecked(id, .refused(.invalidCallback("the state does not match this attempt"))),
      ])
    let buffer = draw(state)
    #expect(!Snapshot.text(buffer).contains("SECRETCODE"))
    Snapshot.assertMatches(buffer, named: "connect-paste-refused")
  }

  @Test("connect: exchanging, finished and failed")
  func results() {
    let exchanging = after(waiting(Self.standard), [.callbackPolled(id, .received)])
    Snapshot.assertMatches(draw(exchanging), named: "connect-exchanging")
    var account = Fixtures.account(40)
    account.declinedScopes = ["user.info.stats"]
    let done = after(
      exchanging,
      [
        .connectFinished(
          id,
          .success(
            ConnectOutcome(
              account: account, reconnected: false, declinedScopes: ["user.info.stats"])))
      ])
    Snapshot.assertMatches(draw(done), named: "connect-finished")
    let failed = after(
      exchanging, [.connectFinished(id, .failure(.connectedInOtherProfile(profile: "agency-b")))])
    Snapshot.assertMatches(draw(failed), named: "connect-failed")
  }

  @Test("connect: asking before quitting while waiting")
  func quitQuestion() {
    Snapshot.assertMatches(
      draw(after(waiting(Self.standard), [.key(.char("q"))])), named: "connect-quit-question")
  }

  private func qr(_ size: ScreenSize, _ phases: [QRPhase]) -> AppState {
    let code = QRPrompt(
      scanURL:
        "aweme://authorize?authType=100&client_key=aw7nk86b7czitwc9&client_ticket=q0V8cXl2"
        + "&scope=user.info.basic&state=Zk3",
      expiresAt: Fixtures.now.addingTimeInterval(300), canApproveInSandbox: true)
    var messages: [Msg] = [.key(.char("c")), .key(.char("2")), .qrStarted(id, .success(code))]
    messages += phases.map { .qrPolled(id, .success($0)) }
    return after(base(size), messages)
  }

  @Test("QR code: waiting, scanned, expired, and too small to draw")
  func qrCode() {
    let big = ScreenSize(width: 90, height: 44)
    Snapshot.assertMatches(draw(qr(big, [])), named: "qr-waiting")
    Snapshot.assertMatches(draw(qr(big, [.scanned])), named: "qr-scanned")
    Snapshot.assertMatches(draw(qr(big, [.scanned, .expired])), named: "qr-expired")
    Snapshot.assertMatches(draw(qr(Self.standard, [])), named: "qr-too-small")
  }

  @Test("disconnect: confirm and a revoke that failed", arguments: [standard, cramped])
  func disconnect(size: ScreenSize) {
    let confirm = after(base(size), [.key(.char("d"))])
    Snapshot.assertMatches(draw(confirm), named: "disconnect-confirm-\(size.width)x\(size.height)")
    let openID = Fixtures.account(0).openID
    let report = DisconnectReport(
      revoked: false, revokeError: .network("connection reset"), willRetry: true)
    let done = after(
      confirm, [.key(.char("y")), .disconnectFinished(openID: openID, .success(report))])
    Snapshot.assertMatches(draw(done), named: "disconnect-done-\(size.width)x\(size.height)")
  }

  @Test("upgrade prompt when no slot is free")
  func upgrade() {
    let state = after(
      Fixtures.state(accounts: 1, size: Self.standard, tier: .free), [.key(.char("c"))])
    Snapshot.assertMatches(draw(state), named: "upgrade")
  }

  @Test("over-limit chooser after a downgrade", arguments: [standard, cramped])
  func overLimit(size: ScreenSize) {
    var state = AppState(profile: "default", tier: .pro, now: Fixtures.now, size: size)
    var snapshot = Fixtures.snapshot(accounts: 7, tier: .free)
    for index in 1..<7 { snapshot.accounts[index].status = .overLimit }
    state = after(state, [.accountsLoaded(snapshot), .key(.char("j")), .key(.char(" "))])
    Snapshot.assertMatches(draw(state), named: "over-limit-\(size.width)x\(size.height)")
  }
}
