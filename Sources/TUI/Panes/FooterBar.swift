/// The bottom rows: the status line (the last message, wrapped when it reports a failure) and
/// the keys valid right now.
enum FooterBar {
  /// Hints for help and quit stay at the right edge whatever else has to go.
  private static let pinned: Set<String> = ["?", "q"]

  static func render(_ state: AppState, _ area: Rect, into buffer: inout CellBuffer) {
    let hints = KeyMap.hints(for: state)
    let (shown, dropped) = fit(hints, columns: area.width)
    // When keys had to go, `?` says where they are.
    let right = hints.filter { pinned.contains($0.keys) }.map { hint in
      dropped && hint.keys == "?" ? KeyBinding.Hint(keys: "?", action: "more") : hint
    }
    var x = area.maxX - right.reduce(0) { $0 + width(of: $1) + 2 }
    for hint in right { x = draw(hint, at: x, area, into: &buffer) }
    x = area.x + 1
    for hint in shown { x = draw(hint, at: x, area, into: &buffer) }
  }

  /// The hints that fit left of the pinned ones (whole hints only: a cut hint would name a key
  /// without saying what it does), and whether any had to go. When not all fit, every hint
  /// takes its short action first: dialogs have no `? more`, so their keys must all fit at the
  /// narrowest layout.
  static func fit(_ hints: [KeyBinding.Hint], columns: Int)
    -> (shown: [KeyBinding.Hint], dropped: Bool)
  {
    let full = pack(hints, columns: columns)
    return full.dropped ? pack(hints.map(\.shortened), columns: columns) : full
  }

  /// The hints that fit left of the pinned ones as they are, and whether any had to go.
  private static func pack(_ hints: [KeyBinding.Hint], columns: Int)
    -> (shown: [KeyBinding.Hint], dropped: Bool)
  {
    // `? more` takes as many columns as `? help`.
    let rightWidth = hints.filter { pinned.contains($0.keys) }.reduce(0) { $0 + width(of: $1) + 2 }
    var shown: [KeyBinding.Hint] = []
    var x = 1
    for hint in hints where !pinned.contains(hint.keys) {
      guard x + width(of: hint) + 2 <= columns - rightWidth else {
        return (shown, true)
      }
      shown.append(hint)
      x += width(of: hint) + 2
    }
    return (shown, false)
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

  /// The status line's rows for `state`: the filter being typed, or the message shown. A
  /// failure wraps over up to three rows (two on short screens; the message log, `m`, has all
  /// of it); anything else keeps to one.
  static func statusLines(_ state: AppState) -> [String] {
    if case .editing = state.accounts.filter, state.overlay == .none { return [""] }
    guard let notice = state.notice else { return [] }
    let rows = notice.kind == .error ? (state.size.height >= 20 ? 3 : 2) : 1
    return TextWrap.lines(notice.text, width: max(1, state.size.width - 2), maxLines: rows)
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
    for (offset, line) in statusLines(state).enumerated() where offset < area.height {
      buffer.write(
        line, at: Point(x: area.x + 1, y: area.y + offset), style: style, clip: area,
        ellipsis: true)
    }
  }
}
