import Domain
import Foundation
import Testing

@testable import TUI

@Suite("The sandbox panel")
struct SandboxPanelTests {
  static let controls = SandboxControls(
    pageURL: "http://127.0.0.1:41234/_sandbox/", faultsURL: "http://127.0.0.1:41234/_sandbox/faults"
  )

  @Test("S asks where the control page is, shows it, and y copies it")
  func showsAndCopies() {
    let store = UpdateHarness(States.loaded(sandbox: true))
    store.send(.key(.char("S"))) { $0.overlay = .sandbox(SandboxPanel.State()) }
    store.expectEffects([.locateSandbox])
    store.send(.sandboxLocated(.success(Self.controls))) {
      $0.overlay = .sandbox(SandboxPanel.State(controls: Self.controls))
    }
    #expect(Snapshot.text(Screens.draw(store.state)).contains("http://127.0.0.1:41234/_sandbox/"))
    store.send(.key(.char("y"))) {
      var panel = SandboxPanel.State(controls: Self.controls)
      panel.note = "Address copied to the clipboard (OSC 52; your terminal may ask first)"
      $0.overlay = .sandbox(panel)
    }
    store.expectEffects([.copyToClipboard("http://127.0.0.1:41234/_sandbox/")])
    store.send(.key(.escape)) { $0.overlay = .none }
    store.finish()
  }

  @Test("without the sandbox there is no S")
  func onlyOnTheSandbox() {
    let state = States.loaded(sandbox: false)
    #expect(KeyMap.message(for: .char("S"), in: state) == nil)
    #expect(!KeyMap.hints(for: state).contains { $0.keys == "S" })
  }

  @Test("a late answer after the panel closed changes nothing")
  func lateAnswer() {
    let store = UpdateHarness(
      States.after(States.loaded(sandbox: true), [.key(.char("S")), .key(.escape)]))
    store.send(.sandboxLocated(.failure(.failed("x"))))
    store.finish()
  }
}
