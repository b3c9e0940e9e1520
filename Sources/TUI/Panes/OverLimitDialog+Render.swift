import Domain

extension OverLimitDialog {
  static func render(
    _ dialog: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer
  ) {
    let inner = buffer.box(frame(in: layout), title: "Choose the active accounts", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard inner.height > 4 else { return }
    let limit = state.tier.slotLimit
    let count = state.accounts.accounts.count
    buffer.write(
      "The \(state.tier.rawValue) tier keeps \(Format.count(limit, "account")) active; "
        + "\(state.accounts.total) are connected.",
      at: Point(x: area.x, y: area.y), style: .strong, clip: area, ellipsis: true)
    buffer.write(
      "Tick the ones that stay active (\(dialog.keep.count) of \(limit)); the rest give no token.",
      at: Point(x: area.x, y: area.y + 1), style: .plain, clip: area, ellipsis: true)
    let list = Rect(x: inner.x, y: inner.y + 3, width: inner.width, height: visibleRows(in: layout))
    let range = dialog.window.visibleRange(count: count, visible: list.height)
    for position in range {
      guard let account = state.accounts.account(at: position) else { continue }
      let row = Rect(
        x: list.x, y: list.y + position - range.lowerBound, width: list.width, height: 1)
      let isCursor = position == dialog.window.cursor
      if isCursor { buffer.fill(row, style: .cursorRow) }
      let mark = dialog.keep.contains(account.openID) ? "[x]" : "[ ]"
      let x = buffer.write(
        "\(isCursor ? "›" : " ")\(mark) ", at: Point(x: row.x, y: row.y),
        style: isCursor ? .cursorRow : .strong, clip: row)
      let status = state.badge(for: account)
      let afterBadge = buffer.write(
        Badge.text(status, width: Badge.width), at: Point(x: x, y: row.y),
        style: isCursor ? .cursorRow : Badge.style(status), clip: row)
      // A grant dead under the mark says so: choosing it gives a slot, not a token.
      let under = account.statusUnderLimit(at: state.now).map { "(\($0.badge)) " } ?? ""
      buffer.write(
        "\(under)\(account.label) \(account.displayName.isEmpty ? "" : account.handle)",
        at: Point(x: afterBadge + 1, y: row.y), style: isCursor ? .cursorRow : .plain, clip: row,
        ellipsis: true)
    }
    let bottom = Rect(x: area.x, y: inner.maxY - 1, width: area.width, height: 1)
    switch dialog.phase {
    case .choosing:
      if let note = dialog.note {
        buffer.write(
          note, at: Point(x: bottom.x, y: bottom.y), style: .warningText, clip: bottom,
          ellipsis: true)
      }
    case .working:
      buffer.write(
        "\(Spinner.frame(at: state.now)) Saving…", at: Point(x: bottom.x, y: bottom.y),
        style: .plain, clip: bottom)
    case .failed(let error):
      buffer.write(
        "Could not save: \(error.message)", at: Point(x: bottom.x, y: bottom.y), style: .errorText,
        clip: bottom, ellipsis: true)
    }
  }
}
