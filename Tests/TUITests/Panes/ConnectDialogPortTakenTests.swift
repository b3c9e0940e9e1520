import Domain
import Foundation
import Testing

@testable import TUI

/// The connect dialog when the listener could not bind the redirect port: the browser cannot
/// come back, so the dialog says why and offers paste-back and a QR code.
@Suite("Connect dialog with the redirect port taken")
struct ConnectDialogPortTakenTests {
  let one = AttemptID(1)

  init() { _ = TestLocale.pinned }

  static var takenPrompt: ConnectPrompt {
    var prompt = States.prompt
    prompt.listenerProblem = States.listenerProblem
    prompt.sshForward = nil
    prompt.sshEscape = nil
    return prompt
  }

  func waiting(_ prompt: ConnectPrompt, method: Int = 1, size: ScreenSize? = nil) -> AppState {
    var state = States.loaded()
    if let size { state.size = size }
    return States.after(
      state,
      [
        .key(.char("c")), .key(.char(Character("\(method)"))),
        .connectStarted(one, .success(prompt)),
      ])
  }

  @Test("2 cancels the attempt without a listener and starts a QR code instead")
  func qrInstead() {
    let store = UpdateHarness(waiting(Self.takenPrompt))
    store.send(.key(.char("2"))) {
      $0.overlay = .connect(ConnectDialog.State(phase: .starting(AttemptID(2), .qrCode)))
      $0.nextAttempt = 3
    }
    store.expectEffects([.cancelConnect(one), .startQR(AttemptID(2))])
    store.finish()
  }

  @Test("with a listener, 2 is the start of a pasted address like any other character")
  func twoIsTextWithListener() {
    let store = UpdateHarness(waiting(States.prompt))
    store.send(.key(.char("2"))) {
      $0.overlay = .connect(States.pasting("2", States.prompt, .browser))
    }
    store.finish()
  }

  @Test("a pasted address goes through as it does with a listener")
  func pasteStillSubmits() {
    let store = UpdateHarness(waiting(Self.takenPrompt, method: 3))
    var typed = ""
    for character in "http://x" {
      typed.append(character)
      store.send(.key(.char(character))) { [typed] in
        $0.overlay = .connect(States.pasting(typed, Self.takenPrompt, .pasteBack))
      }
    }
    store.send(.key(.enter)) {
      $0.overlay = .connect(
        States.pasting("http://x", Self.takenPrompt, .pasteBack, checking: true))
    }
    store.expectEffects([.submitPaste(one, Secret("http://x"))])
    store.finish()
  }

  /// The screen's words in reading order, frames and line breaks turned into single spaces.
  static func prose(_ buffer: CellBuffer) -> String {
    let words = Snapshot.text(buffer).map { "│|".contains($0) ? " " : $0 }
      .split(whereSeparator: \.isWhitespace)
    return words.map { String($0) }.joined(separator: " ")
  }

  @Test("the waiting view says who holds the port, asks for the paste and offers 2 for a QR code")
  func waitingView() {
    let text = Self.prose(Screens.draw(waiting(Self.takenPrompt)))
    #expect(text.contains("Waiting for the address you paste"))
    #expect(!text.contains("Waiting for TikTok to send the browser back"))
    #expect(text.contains("port 8723 is held by your tractok (pid 4242)"))
    #expect(text.contains("Paste the address the browser ended on, then Enter:"))
    #expect(text.contains("2 QR"))
    #expect(text.contains("Esc cancel"))
    let listening = Self.prose(Screens.draw(waiting(States.prompt)))
    #expect(!listening.contains("2 QR"))
  }

  @Test(
    "snapshots at 80x24 and in a cramped terminal", arguments: [Screens.standard, Screens.cramped])
  func snapshots(size: ScreenSize) {
    Snapshot.assertMatches(
      Screens.draw(waiting(Self.takenPrompt, size: size)),
      named: "connect-port-taken-\(size.width)x\(size.height)")
  }
}
