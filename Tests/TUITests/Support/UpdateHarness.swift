import Testing

@testable import TUI

/// A TestStore-like driver for `update`: `send` checks the whole next state against an expected
/// mutation of the previous one, `expectEffects` consumes the effects, and effects nobody
/// asserted fail the test (when the next message is sent, on `finish`, or when it goes away).
final class UpdateHarness {
  private(set) var state: AppState
  private var pending: [Effect] = []
  private let location: SourceLocation

  init(_ state: AppState, sourceLocation: SourceLocation = #_sourceLocation) {
    _ = TestLocale.pinned
    self.state = state
    location = sourceLocation
  }

  /// Sends `msg`; the resulting state must equal the previous one changed by `expected`.
  func send(
    _ msg: Msg, sourceLocation: SourceLocation = #_sourceLocation,
    _ expected: (inout AppState) -> Void = { _ in }
  ) {
    if !pending.isEmpty {
      Issue.record("unasserted effects before \(msg): \(pending)", sourceLocation: sourceLocation)
      pending.removeAll()
    }
    var wanted = state
    expected(&wanted)
    pending = update(&state, msg)
    if state != wanted {
      Issue.record(
        "state after \(msg) differs:\n\(StateDiff.describe(expected: wanted, actual: state))",
        sourceLocation: sourceLocation)
    }
  }

  /// Consumes the effects of the last `send`, which must be exactly `effects`.
  func expectEffects(_ effects: [Effect], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(pending == effects, sourceLocation: sourceLocation)
    pending.removeAll()
  }

  /// Ends the test: there must be no unasserted effects.
  func finish(sourceLocation: SourceLocation = #_sourceLocation) {
    if !pending.isEmpty {
      Issue.record("finished with unasserted effects: \(pending)", sourceLocation: sourceLocation)
      pending.removeAll()
    }
  }

  deinit {
    if !pending.isEmpty {
      Issue.record("unasserted effects at the end: \(pending)", sourceLocation: location)
    }
  }
}

/// Names the parts of two states that differ, two levels deep, for readable failures.
enum StateDiff {
  static func describe(expected: Any, actual: Any, path: String = "state", depth: Int = 0) -> String
  {
    let left = Mirror(reflecting: expected)
    let right = Mirror(reflecting: actual)
    guard depth < 3, !left.children.isEmpty, left.children.count == right.children.count else {
      return "\(path):\n  expected \(clip(expected))\n  actual   \(clip(actual))"
    }
    var lines: [String] = []
    for (a, b) in zip(left.children, right.children) {
      let label = a.label ?? "?"
      if String(describing: a.value) != String(describing: b.value) {
        lines.append(
          describe(expected: a.value, actual: b.value, path: "\(path).\(label)", depth: depth + 1))
      }
    }
    return lines.isEmpty
      ? "\(path): differs in a way descriptions do not show" : lines.joined(separator: "\n")
  }

  private static func clip(_ value: Any) -> String {
    let text = String(describing: value)
    return text.count > 400 ? String(text.prefix(400)) + "…" : text
  }
}
