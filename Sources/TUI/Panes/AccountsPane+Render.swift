import Domain

extension AccountsPane {
  /// Draws the list's frame and only the rows in its window.
  static func render(_ state: AppState, _ frame: Rect, into buffer: inout CellBuffer) {
    let list = state.accounts
    let total = Format.grouped(list.total)
    let title: String
    switch list.filter {
    case .off: title = "Accounts (\(total))"
    case .editing(let query), .applied(let query):
      title = "Accounts \(Format.grouped(list.rows.count)) of \(total) · /\(query)"
    }
    let inner = buffer.box(frame, title: title)
    guard !inner.isEmpty else { return }
    if list.rows.isEmpty {
      buffer.write(
        "No account matches.", at: Point(x: inner.x + 1, y: inner.y), style: .dim, clip: inner)
      buffer.write(
        "Esc clears the filter.", at: Point(x: inner.x + 1, y: inner.y + 1), style: .dim,
        clip: inner)
      return
    }
    let range = list.window.visibleRange(count: list.rows.count, visible: inner.height)
    for row in range {
      guard let account = list.account(at: list.rows[row]) else { continue }
      let y = inner.y + row - range.lowerBound
      let area = Rect(x: inner.x, y: y, width: inner.width, height: 1)
      drawRow(account, state, area, isCursor: row == list.window.cursor, into: &buffer)
    }
  }

  /// One row: current mark, badge, name and @username, and the access token's time left while
  /// the account can use it (`Account.accessTimeLeft`, as `tractok accounts` shows it).
  static func drawRow(
    _ account: Account, _ state: AppState, _ area: Rect, isCursor: Bool,
    into buffer: inout CellBuffer
  ) {
    let base: Style = isCursor ? .cursorRow : .plain
    if isCursor {
      buffer.fill(area, style: .cursorRow)
      // A glyph as well as the highlight, so the cursor shows without colour or reverse video.
      buffer.put("›", at: Point(x: area.x, y: area.y), style: base)
    }
    let y = area.y
    if account.openID == state.accounts.selectedOpenID {
      buffer.put("◉", at: Point(x: area.x + 1, y: y), style: isCursor ? base : .currentMark)
    }
    let status = state.badge(for: account)
    // Narrow lists keep the glyph and a letter; the word stays in the header and the details.
    let badge = area.width >= 36 ? Badge.text(status, width: Badge.width) : Badge.narrow(status)
    var x = buffer.write(
      badge, at: Point(x: area.x + 3, y: y), style: isCursor ? base : Badge.style(status),
      clip: area)
    let countdown = account.accessTimeLeft(at: state.now, policy: state.policy) ?? ""
    let countdownWidth = max(7, countdown.count)
    let nameArea = Rect(x: area.x, y: y, width: max(0, area.width - countdownWidth - 2), height: 1)
    x += 1
    if !account.displayName.isEmpty {
      x =
        buffer.write(
          account.displayName, at: Point(x: x, y: y), style: base,
          clip: nameArea,
          ellipsis: true) + 1
    }
    // A handle cut to a stub says nothing: show it only with some room.
    if nameArea.maxX - x >= min(TerminalText.columns(account.handle), 5) {
      buffer.write(
        account.handle, at: Point(x: x, y: y), style: isCursor ? base : .dim, clip: nameArea,
        ellipsis: true)
    }
    let countdownStyle: Style = isCursor ? base : (countdown == "expired" ? .warningText : .plain)
    buffer.writeRightAligned(
      countdown, y: y, in: Rect(x: area.x, y: y, width: area.width - 1, height: 1),
      style: countdownStyle)
  }
}
