/// The bottom two rows: the status line (last notice) and the keys valid right now.
enum FooterBar {
  /// Hints for help and quit stay at the right edge whatever else has to go.
  private static let pinned: Set<String> = ["?", "q"]

  static func render(_ state: AppState, _ area: Rect, into buffer: inout CellBuffer) {
    let hints = KeyMap.hints(for: state)
    let right = hints.filter { pinned.contains($0.keys) }
    let rightWidth = right.reduce(0) { $0 + width(of: $1) + 2 }
    var x = area.maxX - rightWidth
    for hint in right { x = draw(hint, at: x, area, into: &buffer) }
    x = area.x + 1
    for hint in hints where !pinned.contains(hint.keys) {
      // Whole hints only: a cut hint would name a key without saying what it does.
      guard x + width(of: hint) + 2 <= area.maxX - rightWidth else { break }
      x = draw(hint, at: x, area, into: &buffer)
    }
  }

  private static func width(of hint: KeyBinding.Hint) -> Int {
    TerminalText.columns(hint.keys) + 1 + TerminalText.columns(hint.action)
  }

  private static func draw(
    _ hint: KeyBinding.Hint, at x: Int, _ area: Rect, into buffer: inout CellBuffer
  ) -> Int {
    let keyEnd = buffer.write(hint.keys, at: Point(x: x, y: area.y), style: .key, clip: area)
    return buffer.write(" " + hint.action, at: Point(x: keyEnd, y: area.y), style: .dim, clip: area)
      + 2
  }

  static func renderStatus(_ state: AppState, _ area: Rect, into buffer: inout CellBuffer) {
    if case .editing(let query) = state.accounts.filter, state.overlay == .none {
      let x = buffer.write(" / ", at: Point(x: area.x, y: area.y), style: .key, clip: area)
      let end = buffer.write(query, at: Point(x: x, y: area.y), style: .input, clip: area)
      buffer.put("▏", at: Point(x: min(end, area.maxX - 1), y: area.y), style: .input)
      return
    }
    guard let notice = state.notice else { return }
    let style: Style
    switch notice.kind {
    case .info: style = .notice
    case .success: style = .successText
    case .error: style = .errorText
    }
    buffer.write(
      " " + notice.text, at: Point(x: area.x, y: area.y), style: style, clip: area, ellipsis: true)
  }
}
