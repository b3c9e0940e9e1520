import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Connect dialog: QR code")
struct ConnectQRTests {
  let one = AttemptID(1)
  let two = AttemptID(2)

  private func qrHarness() throws -> (UpdateHarness, ConnectDialog.QRCode) {
    let state = States.after(States.loaded(sandbox: true), [.key(.char("c")), .key(.char("2"))])
    let store = UpdateHarness(state)
    let matrix = try #require(QRMatrix(encoding: States.qrPrompt.scanURL))
    let code = ConnectDialog.QRCode(prompt: States.qrPrompt, matrix: matrix)
    store.send(.qrStarted(one, .success(States.qrPrompt))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .qr(self.one, code)))
    }
    store.expectEffects([.pollQR(one)])
    return (store, code)
  }

  @Test("a QR code is drawn from TikTok's URL and polled until confirmed")
  func happyPath() throws {
    var (store, code) = try qrHarness()
    store.send(.qrPolled(one, .success(.waiting)))
    store.expectEffects([.pollQR(one)])
    store.send(.qrPolled(one, .success(.scanned))) {
      code.phase = .scanned
      $0.overlay = .connect(ConnectDialog.State(phase: .qr(self.one, code)))
    }
    store.expectEffects([.pollQR(one)])
    store.send(.qrPolled(one, .success(.confirmed))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .exchanging(self.one, .qrCode)))
    }
    store.expectEffects([])
    let outcome = ConnectOutcome(
      account: Fixtures.account(1), reconnected: true, declinedScopes: [])
    store.send(.connectFinished(one, .success(outcome))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .finished(outcome)))
      $0.accounts.revealOnLoad = outcome.account.openID
      $0.notice = Notice(
        "Reconnected \(outcome.account.label) (\(outcome.account.handle))", kind: .success,
        at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("the note about the sandbox playing the phone goes once the code is scanned")
  func approvalNoteGoesWithItsStep() throws {
    var (store, code) = try qrHarness()
    store.send(.key(.char("a"))) {
      var dialog = ConnectDialog.State(phase: .qr(self.one, code))
      dialog.note = "Asking the sandbox to play the phone's part…"
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.approveInSandbox(one, account: nil)])
    store.send(.qrPolled(one, .success(.waiting)))
    store.expectEffects([.pollQR(one)])
    #expect(States.connect(store.state)?.note != nil, "still waiting: the note stays")
    store.send(.qrPolled(one, .success(.scanned))) {
      code.phase = .scanned
      $0.overlay = .connect(ConnectDialog.State(phase: .qr(self.one, code)))
    }
    store.expectEffects([.pollQR(one)])
    store.finish()
  }

  @Test("an expired code stops polling; n gets a new one and the old code's results are ignored")
  func expiredAndRenewed() throws {
    var (store, code) = try qrHarness()
    store.send(.qrPolled(one, .success(.expired))) {
      code.phase = .expired
      $0.overlay = .connect(ConnectDialog.State(phase: .qr(self.one, code)))
    }
    store.expectEffects([])
    store.send(.key(.char("n"))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(self.two, .qrCode)))
      $0.nextAttempt = 3
    }
    store.expectEffects([.cancelConnect(one), .startQR(two)])
    store.send(.qrPolled(one, .success(.confirmed)))
    store.send(.qrStarted(one, .success(States.qrPrompt)))
    store.finish()
  }

  @Test("an already used code stops polling and offers a new one")
  func utilised() throws {
    var (store, code) = try qrHarness()
    store.send(.qrPolled(one, .success(.utilised))) {
      code.phase = .utilised
      $0.overlay = .connect(ConnectDialog.State(phase: .qr(self.one, code)))
    }
    store.expectEffects([])
    store.send(.qrPolled(one, .success(.waiting)))
    store.finish()
  }

  @Test("the code's lifetime running out expires it locally and cancels it")
  func localExpiry() throws {
    var (store, code) = try qrHarness()
    let late = Fixtures.now.addingTimeInterval(300)
    store.send(.tick(late)) {
      code.phase = .expired
      $0.now = late
      $0.lastExternalCheck = late
      $0.overlay = .connect(ConnectDialog.State(phase: .qr(self.one, code)))
    }
    store.expectEffects([.cancelConnect(one), .checkForExternalChanges])
    store.send(.qrPolled(one, .success(.scanned)))
    store.finish()
  }

  @Test("network trouble while polling retries with a note; other errors fail the attempt")
  func pollErrors() throws {
    let (store, code) = try qrHarness()
    store.send(.qrPolled(one, .failure(.network("connection reset")))) {
      var dialog = ConnectDialog.State(phase: .qr(self.one, code))
      dialog.note =
        "Checking the code failed (could not reach TikTok: connection reset); trying again."
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.pollQR(one)])
    let denied = DomainError.tikTok(
      TikTokError(code: "invalid_client", message: "bad key", httpStatus: 200))
    // "Trying again" no longer holds once the attempt failed: the note goes with its step.
    store.send(.qrPolled(one, .failure(denied))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .failed(denied, .qrCode)))
    }
    store.expectEffects([.cancelConnect(one)])
    store.finish()
  }

  @Test("a scan URL too long to encode fails with a message instead of a broken code")
  func tooLong() {
    let state = States.after(States.loaded(), [.key(.char("c")), .key(.char("2"))])
    let store = UpdateHarness(state)
    let prompt = QRPrompt(scanURL: String(repeating: "x", count: 5000), expiresAt: Fixtures.now)
    store.send(.qrStarted(one, .success(prompt))) {
      $0.overlay = .connect(
        ConnectDialog.State(
          phase: .failed(.failed("TikTok's QR code address is too long to draw"), .qrCode)))
    }
    store.expectEffects([.cancelConnect(one)])
    store.finish()
  }

  @Test("a approves in the sandbox for QR codes too")
  func sandboxApproval() throws {
    let (store, code) = try qrHarness()
    store.send(.key(.char("a"))) {
      var dialog = ConnectDialog.State(phase: .qr(self.one, code))
      dialog.note = "Asking the sandbox to play the phone's part…"
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.approveInSandbox(one, account: nil)])
    store.finish()
  }
}
