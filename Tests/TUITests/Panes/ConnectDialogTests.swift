import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Connect dialog")
struct ConnectDialogTests {
  let one = AttemptID(1)
  let two = AttemptID(2)

  private func waitingHarness(sandbox: Bool = true) -> UpdateHarness {
    let state = States.after(
      States.loaded(sandbox: sandbox),
      [
        .key(.char("c")), .key(.enter), .connectStarted(AttemptID(1), .success(States.prompt)),
      ])
    return UpdateHarness(state)
  }

  private var waiting: ConnectDialog.State {
    ConnectDialog.State(phase: .waiting(one, States.prompt, .browser))
  }

  @Test("c opens the method chooser when a slot is free")
  func opensChooser() {
    let store = UpdateHarness(States.loaded())
    store.send(.key(.char("c"))) { $0.overlay = .connect(ConnectDialog.State()) }
    store.expectEffects([])
  }

  @Test("c with every slot taken opens the upgrade prompt before any browser")
  func noSlot() {
    let store = UpdateHarness(States.loaded(accounts: 1, tier: .free))
    store.send(.key(.char("c"))) { $0.overlay = .upgrade(UpgradeDialog.State(tier: .free)) }
    store.expectEffects([])
  }

  @Test("each method starts its own kind of attempt with a fresh id")
  func methods() {
    let store = UpdateHarness(States.loaded())
    store.send(.key(.char("c"))) { $0.overlay = .connect(ConnectDialog.State()) }
    store.send(.key(.enter)) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(one, .browser)))
      $0.nextAttempt = 2
    }
    store.expectEffects([.startConnect(one, openBrowser: true)])
    store.send(.key(.escape)) { $0.overlay = .none }
    store.expectEffects([.cancelConnect(one)])
    store.send(.key(.char("c"))) { $0.overlay = .connect(ConnectDialog.State()) }
    store.send(.key(.char("3"))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(two, .pasteBack)))
      $0.nextAttempt = 3
    }
    store.expectEffects([.startConnect(two, openBrowser: false)])
    store.send(.key(.escape)) { $0.overlay = .none }
    store.expectEffects([.cancelConnect(two)])
    store.send(.key(.char("c"))) { $0.overlay = .connect(ConnectDialog.State()) }
    store.send(.key(.char("j"))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .choosing(.qrCode)))
    }
    store.send(.key(.enter)) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(AttemptID(3), .qrCode)))
      $0.nextAttempt = 4
    }
    store.expectEffects([.startQR(AttemptID(3))])
    store.finish()
  }

  @Test("the listener's prompt starts polling, and polling re-arms until the callback comes")
  func pollingLoop() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("c")), .key(.enter)]))
    store.send(.connectStarted(one, .success(States.prompt))) {
      $0.overlay = .connect(self.waiting)
    }
    store.expectEffects([.pollCallback(one)])
    store.send(.callbackPolled(one, .waiting))
    store.expectEffects([.pollCallback(one)])
    store.send(.callbackPolled(one, .refused(.invalidCallback("state mismatch")))) {
      var dialog = self.waiting
      dialog.note = "Refused a request: callback refused: state mismatch. Still waiting."
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.pollCallback(one)])
    // "Still waiting" is over once the exchange starts: the note goes with the step.
    store.send(.callbackPolled(one, .received)) {
      $0.overlay = .connect(ConnectDialog.State(phase: .exchanging(self.one, .browser)))
    }
    store.expectEffects([])
    store.finish()
  }

  @Test("a finished connection shows the outcome and reloads, leaving the current account as it was")
  func finished() {
    let store = waitingHarness()
    let account = Fixtures.account(50)
    let outcome = ConnectOutcome(
      account: account, reconnected: false, declinedScopes: ["video.list"])
    store.send(.connectFinished(one, .success(outcome))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .finished(outcome)))
      $0.accounts.revealOnLoad = account.openID
      $0.notice = Notice(
        "Added \(account.label) (\(account.handle))", kind: .success, at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("a failed start or exchange shows the error, and r tries again with a new attempt")
  func failures() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("c")), .key(.enter)]))
    store.send(.connectStarted(one, .failure(.failed("port 8723 is in use")))) {
      $0.overlay = .connect(
        ConnectDialog.State(phase: .failed(.failed("port 8723 is in use"), .browser)))
    }
    store.send(.key(.char("r"))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(self.two, .browser)))
      $0.nextAttempt = 3
    }
    store.expectEffects([.startConnect(two, openBrowser: true)])
    store.send(.connectStarted(two, .success(States.prompt))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .waiting(self.two, States.prompt, .browser)))
    }
    store.expectEffects([.pollCallback(two)])
    store.send(
      .connectFinished(two, .failure(.authorizationDenied(code: "access_denied", description: "")))
    ) {
      $0.overlay = .connect(
        ConnectDialog.State(
          phase: .failed(.authorizationDenied(code: "access_denied", description: ""), .browser)))
    }
    store.finish()
  }

  @Test("late results of a cancelled attempt are ignored")
  func lateResultsAfterCancel() {
    let store = waitingHarness()
    store.send(.key(.escape)) { $0.overlay = .none }
    store.expectEffects([.cancelConnect(one)])
    store.send(.callbackPolled(one, .waiting))
    store.send(.callbackPolled(one, .received))
    store.send(.pasteChecked(one, .accepted))
    store.send(
      .connectFinished(
        one,
        .success(
          ConnectOutcome(account: Fixtures.account(9), reconnected: false, declinedScopes: []))))
    store.send(.qrPolled(one, .success(.confirmed)))
    store.finish()
  }

  @Test("results of an older attempt are ignored while a newer one runs")
  func lateResultsOfReplacedAttempt() {
    let store = waitingHarness()
    store.send(.key(.escape)) { $0.overlay = .none }
    store.expectEffects([.cancelConnect(one)])
    store.send(.key(.char("c"))) { $0.overlay = .connect(ConnectDialog.State()) }
    store.send(.key(.enter)) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(self.two, .browser)))
      $0.nextAttempt = 3
    }
    store.expectEffects([.startConnect(two, openBrowser: true)])
    store.send(.connectStarted(one, .success(States.prompt)))
    store.send(.connectFinished(one, .failure(.cancelled)))
    store.send(.callbackPolled(one, .waiting))
    store.finish()
  }

  @Test("the listener's timeout fails the attempt and cancels it")
  func timeout() {
    let store = waitingHarness()
    let late = Fixtures.now.addingTimeInterval(301)
    store.send(.tick(late)) {
      $0.now = late
      $0.lastExternalCheck = late
      $0.overlay = .connect(
        ConnectDialog.State(
          phase: .failed(.timedOut("waiting for TikTok to send the browser back"), .browser)))
      $0.notice = nil
    }
    store.expectEffects([.cancelConnect(one), .checkForExternalChanges])
    store.finish()
  }

  @Test("typing goes to the paste field; Enter submits it as a secret; a refusal keeps it")
  func paste() {
    let store = waitingHarness()
    var dialog = waiting
    for character in "code=abc" {
      store.send(.key(.char(character))) {
        dialog.paste.text.append(character)
        dialog.focus = .paste
        $0.overlay = .connect(dialog)
      }
    }
    store.send(.key(.backspace)) {
      dialog.paste.text = "code=ab"
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.enter)) {
      dialog.paste.isChecking = true
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.submitPaste(one, Secret("code=ab"))])
    store.send(.key(.enter))
    store.send(.pasteChecked(one, .refused(.invalidCallback("no state")))) {
      dialog.paste.isChecking = false
      dialog.note = "That address was refused: callback refused: no state"
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.ctrl("u"))) {
      dialog.paste.text = ""
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.escape)) {
      dialog.focus = .actions
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.tab)) {
      dialog.focus = .paste
      $0.overlay = .connect(dialog)
    }
    store.finish()
  }

  @Test("a paste past 8 KiB is discarded with a note, up to its Enter, and submits nothing")
  func pasteTooLong() {
    let store = waitingHarness()
    let long = String(repeating: "A", count: 8192)
    let full = States.after(store.state, long.map { .key(.char($0)) })
    #expect(States.connect(full)?.paste.text == long)
    let paste = UpdateHarness(full)
    paste.send(.key(.char("B"))) {
      guard var dialog = States.connect($0) else { return }
      dialog.paste.text = ""
      dialog.paste.overflowed = true
      dialog.note =
        "Not accepted: the paste is longer than 8 KiB, more than any redirect URL, and was "
        + "discarded. Paste only the URL your browser ended on."
      $0.overlay = .connect(dialog)
    }
    paste.send(.key(.char("C")))
    paste.send(.key(.enter)) {
      guard var dialog = States.connect($0) else { return }
      dialog.paste.overflowed = false
      $0.overlay = .connect(dialog)
    }
    paste.expectEffects([])
    paste.send(.key(.char("?"))) {
      guard var dialog = States.connect($0) else { return }
      dialog.paste.text = "?"
      $0.overlay = .connect(dialog)
    }
    paste.finish()
  }

  @Test("an accepted paste moves on to the exchange")
  func pasteAccepted() {
    let store = waitingHarness()
    let state = States.after(store.state, "?code=x&state=s".map { .key(.char($0)) })
    let paste = UpdateHarness(state)
    paste.send(.key(.enter)) {
      guard var dialog = States.connect($0) else { return }
      dialog.paste.isChecking = true
      $0.overlay = .connect(dialog)
    }
    paste.expectEffects([.submitPaste(one, Secret("?code=x&state=s"))])
    paste.send(.pasteChecked(one, .accepted)) {
      guard var dialog = States.connect($0) else { return }
      dialog.paste.isChecking = false
      dialog.phase = .exchanging(self.one, .browser)
      $0.overlay = .connect(dialog)
    }
    paste.finish()
  }

  @Test("y copies the link through the loop and a approves in the sandbox")
  func actions() {
    let store = waitingHarness()
    var dialog = waiting
    store.send(.key(.char("y"))) {
      dialog.note = "Link copied to the clipboard (OSC 52; your terminal may ask first)"
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.copyToClipboard(States.prompt.authorizeURL)])
    store.send(.key(.char("a"))) {
      dialog.note = "Asking the sandbox to approve as the user…"
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.approveInSandbox(one, account: nil)])
    store.send(.sandboxApprovalFailed(one, .failed("no pending authorization"))) {
      dialog.note = "The sandbox could not approve: no pending authorization"
      $0.overlay = .connect(dialog)
    }
    store.finish()
  }

  @Test("the first account connected becomes the current one")
  func firstBecomesCurrent() {
    var state = AppState(profile: "default", tier: .pro, now: Fixtures.now)
    _ = update(&state, .accountsLoaded(Fixtures.snapshot(accounts: 0, now: Fixtures.now, tier: .pro)))
    _ = update(&state, .key(.char("c")))
    let account = Fixtures.account(0)
    let outcome = ConnectOutcome(account: account, reconnected: false, declinedScopes: [])
    guard case .connect(var dialog) = state.overlay else {
      Issue.record("the connect dialog did not open")
      return
    }
    dialog.phase = .exchanging(one, .browser)
    state.overlay = .connect(dialog)
    let effects = update(&state, .connectFinished(one, .success(outcome)))
    #expect(effects == [.persistSelection(openID: account.openID), .loadAccounts])
    #expect(state.accounts.selectedOpenID == account.openID)
  }

  @Test("after approve in sandbox succeeds, the asking note is gone from the result")
  func approvalNoteClearsOnResult() {
    let store = waitingHarness()
    var dialog = waiting
    store.send(.key(.char("a"))) {
      dialog.note = "Asking the sandbox to approve as the user…"
      $0.overlay = .connect(dialog)
    }
    store.expectEffects([.approveInSandbox(one, account: nil)])
    store.send(.callbackPolled(one, .received)) {
      $0.overlay = .connect(ConnectDialog.State(phase: .exchanging(self.one, .browser)))
    }
    let account = Fixtures.account(50)
    let outcome = ConnectOutcome(account: account, reconnected: false, declinedScopes: [])
    store.send(.connectFinished(one, .success(outcome))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .finished(outcome)))
      $0.accounts.revealOnLoad = account.openID
      $0.notice = Notice(
        "Added \(account.label) (\(account.handle))", kind: .success, at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    var rendered = CellBuffer(width: 80, height: 24)
    render(store.state, into: &rendered)
    #expect(!Snapshot.text(rendered).contains("Asking the sandbox"))
    store.finish()
  }

  @Test("a note made while waiting does not outlive a timeout")
  func noteClearsOnTimeout() {
    var state = States.after(waitingHarness().state, [.key(.char("a"))])
    #expect(States.connect(state)?.note == "Asking the sandbox to approve as the user…")
    let effects = update(&state, .tick(States.prompt.expiresAt.addingTimeInterval(1)))
    #expect(effects.contains(.cancelConnect(one)))
    let dialog = States.connect(state)
    #expect(
      dialog?.phase == .failed(.timedOut("waiting for TikTok to send the browser back"), .browser))
    #expect(dialog?.note == nil)
  }

  @Test("without the sandbox, a is just text for the paste field")
  func noSandboxApproval() {
    var prompt = States.prompt
    prompt.canApproveInSandbox = false
    let state = States.after(
      States.loaded(), [.key(.char("c")), .key(.enter), .connectStarted(one, .success(prompt))])
    let store = UpdateHarness(state)
    store.send(.key(.char("a"))) { $0.overlay = .connect(States.pasting("a", prompt, .browser)) }
    store.finish()
  }

  @Test("q asks while connecting; n stays, y cancels and quits; Ctrl-C quits at once")
  func quitting() {
    let store = waitingHarness()
    var dialog = waiting
    store.send(.key(.char("q"))) {
      dialog.focus = .confirmQuit
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.char("n"))) {
      dialog.focus = .actions
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.char("q"))) {
      dialog.focus = .confirmQuit
      $0.overlay = .connect(dialog)
    }
    store.send(.key(.char("y")))
    store.expectEffects([.cancelConnect(one), .quit])
    store.send(.key(.ctrl("c")))
    store.expectEffects([.cancelConnect(one), .quit])
    store.send(.quitRequested)
    store.expectEffects([.cancelConnect(one), .quit])
    store.finish()
  }

  @Test("q in the chooser quits without asking: nothing is in progress")
  func quitFromChooser() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("c"))]))
    store.send(.key(.char("q")))
    store.expectEffects([.quit])
    store.finish()
  }
}
