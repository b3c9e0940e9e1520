import Domain
import Foundation
import Testing

@testable import TUI

/// Every key in every mode: nothing crashes, keys mean what the key map says, and the state
/// stays consistent whatever is pressed.
@Suite("Every key in every mode")
struct UpdateExhaustiveTests {
  init() { _ = TestLocale.pinned }

  @Test("the catalog covers every key context")
  func coverage() {
    let contexts = Catalog.states.map { KeyMap.context(for: $0.state) }
    let expected: [KeyContext] = [
      .tooSmall, .browsing(.init(sandbox: true)),
      .browsing(.init(hasAccounts: false, sandbox: true)),
      .browsing(.init(filterApplied: true, sandbox: true)), .browsing(.init(overLimit: true)),
      .browsing(.init(reconnect: true, sandbox: true)),
      .browsing(.init(errorShown: true, sandbox: true)), .filtering, .switcher,
      .connectChoosing, .connectBusy, .connectWaiting(canApprove: true, listening: true),
      .connectWaiting(canApprove: false, listening: true),
      .connectWaiting(canApprove: true, listening: false), .connectPaste, .connectQR(canApprove: true),
      .connectResult(failed: false), .connectResult(failed: true), .quitQuestion,
      .disconnectConfirm, .disconnectBusy, .disconnectDone, .upgrade(canUpgrade: true),
      .upgrade(canUpgrade: false), .upgradeConfirm, .upgradeBusy, .overLimit, .overLimitBusy,
      .help, .messages, .sandbox,
    ]
    for context in expected { #expect(contexts.contains(context), "no state for \(context)") }
  }

  @Test("a key does exactly what the key map's message does, and nothing when unmapped")
  func keysFollowTheKeyMap() {
    for (name, state) in Catalog.states {
      for key in Catalog.keys {
        var viaKey = state
        let keyEffects = update(&viaKey, .key(key))
        var viaMap = state
        let mapEffects = KeyMap.message(for: key, in: state).map { update(&viaMap, $0) } ?? []
        #expect(viaKey == viaMap, "\(name): \(key)")
        #expect(keyEffects == mapEffects, "\(name): \(key)")
      }
    }
  }

  @Test("whatever is pressed, cursors stay in range and the screen renders without controls")
  func invariants() {
    for (name, state) in Catalog.states {
      for key in Catalog.keys {
        var next = state
        let effects = update(&next, .key(key))
        let rows = next.accounts.rows.count
        #expect(next.accounts.window.cursor < max(1, rows), "\(name): \(key)")
        #expect(next.accounts.window.top <= next.accounts.window.cursor, "\(name): \(key)")
        #expect(next.accounts.rows.allSatisfy { next.accounts.accounts.indices.contains($0) })
        if case .switcher(let dialog) = next.overlay {
          #expect(dialog.window.cursor < max(1, dialog.rows.count), "\(name): \(key)")
        }
        if key == .ctrl("c") { #expect(effects.last == .quit, "\(name)") }
        if effects.contains(.quit) {
          #expect(
            key == .ctrl("c") || key == .char("q") || key == .char("y"), "\(name): \(key) quit")
        }
        var buffer = CellBuffer(width: 0, height: 0)
        render(next, into: &buffer)
        #expect(buffer.size == next.size)
      }
    }
  }

  @Test("q quits at once except while a connection is in progress, where it asks")
  func quitRule() {
    for (name, state) in Catalog.states {
      guard
        KeyMap.bindings(for: KeyMap.context(for: state)).contains(where: {
          $0.keys.contains(.char("q"))
        })
      else { continue }
      var next = state
      let effects = update(&next, .key(.char("q")))
      if case .connect(let dialog) = state.overlay, dialog.isInProgress {
        #expect(effects.isEmpty, "\(name)")
        #expect(KeyMap.context(for: next) == .quitQuestion, "\(name)")
      } else {
        #expect(effects == [.quit], "\(name)")
      }
    }
  }

  @Test("typing text in a field never starts work or closes the dialog")
  func typingIsSafe() {
    let fields = Catalog.states.filter {
      [.filtering, .switcher, .help, .connectPaste].contains(KeyMap.context(for: $0.state))
    }
    #expect(fields.count >= 4)
    for (name, state) in fields {
      for character in "abcxyz0189 -_/?:&=中😀" {
        var next = state
        let effects = update(&next, .key(.char(character)))
        #expect(
          effects.allSatisfy { if case .loadVideos = $0 { true } else { false } },
          "\(name): \(character)")
        #expect(KeyMap.context(for: next) == KeyMap.context(for: state), "\(name): \(character)")
      }
    }
  }

  @Test("every mode's footer offers at least one key, except while work finishes")
  func footerHints() {
    for (name, state) in Catalog.states {
      let context = KeyMap.context(for: state)
      let busy = [KeyContext.disconnectBusy, .upgradeBusy, .overLimitBusy].contains(context)
      #expect(KeyMap.hints(for: state).isEmpty == busy, "\(name)")
    }
  }
}
