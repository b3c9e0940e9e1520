import Domain

extension SwitcherDialog {
  static func render(
    _ dialog: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer
  ) {
    let inner = buffer.box(frame(in: layout), title: "Switch account", clear: true)
    guard inner.height > 2 else { return }
    let search = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: 1)
    let x = buffer.write("Find: ", at: Point(x: search.x, y: search.y), style: .dim, clip: search)
    let end = buffer.write(dialog.query, at: Point(x: x, y: search.y), style: .input, clip: search)
    buffer.put("▏", at: Point(x: min(end, search.maxX - 1), y: search.y), style: .input)
    let summary =
      dialog.rows.isEmpty
      ? "no account matches"
      : "\(Format.grouped(dialog.rows.count)) of \(Format.grouped(state.accounts.total))"
    buffer.writeRightAligned(summary, y: search.y, in: search, style: .dim)
    let list = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
    let range = dialog.window.visibleRange(count: dialog.rows.count, visible: list.height)
    for row in range {
      guard let account = state.accounts.account(at: dialog.rows[row]) else { continue }
      let area = Rect(x: list.x, y: list.y + row - range.lowerBound, width: list.width, height: 1)
      AccountsPane.drawRow(
        account, state, area, isCursor: row == dialog.window.cursor, into: &buffer)
    }
  }
}
