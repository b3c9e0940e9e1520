/// The bottom two rows: the status line (last notice) and the keys valid right now.
enum FooterBar {
  static func render(_ state: AppState, _ area: Rect, into buffer: inout CellBuffer) {
    var x = area.x + 1
    for hint in KeyMap.hints(for: state) {
      let columns = TerminalText.columns(hint.keys) + 1 + TerminalText.columns(hint.action)
      // Whole hints only: a cut hint would name a key without saying what it does.
      guard x + columns <= area.maxX else { break }
      x = buffer.write(hint.keys, at: Point(x: x, y: area.y), style: .key, clip: area)
      x = buffer.write(" " + hint.action, at: Point(x: x, y: area.y), style: .dim, clip: area) + 2
    }
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
    buffer.write(" " + notice.text, at: Point(x: area.x, y: area.y), style: style, clip: area, ellipsis: true)
  }
}
