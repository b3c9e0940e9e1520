extension CellBuffer {
  /// Draws a frame around `rect` with an optional title in its top edge, and returns the inside.
  /// With `clear`, the inside is blanked first (dialogs drawn over other panes).
  @discardableResult
  public mutating func box(
    _ rect: Rect, title: String = "", style: Style = .border, titleStyle: Style = .title,
    clear: Bool = false
  ) -> Rect {
    let inner = rect.insetBy(dx: 1, dy: 1)
    // A dialog also blanks one column either side, so panes beneath do not touch its frame.
    if clear { fill(rect.insetBy(dx: -1, dy: 0), style: .plain) }
    guard rect.width >= 2, rect.height >= 2 else { return inner }
    let right = rect.maxX - 1
    let bottom = rect.maxY - 1
    horizontalLine("─", y: rect.minY, x: rect.minX + 1, width: rect.width - 2, style: style)
    horizontalLine("─", y: bottom, x: rect.minX + 1, width: rect.width - 2, style: style)
    for y in (rect.minY + 1)..<bottom {
      put("│", at: Point(x: rect.minX, y: y), style: style)
      put("│", at: Point(x: right, y: y), style: style)
    }
    put("┌", at: Point(x: rect.minX, y: rect.minY), style: style)
    put("┐", at: Point(x: right, y: rect.minY), style: style)
    put("└", at: Point(x: rect.minX, y: bottom), style: style)
    put("┘", at: Point(x: right, y: bottom), style: style)
    if !title.isEmpty && rect.width > 4 {
      let titleClip = Rect(x: rect.minX + 1, y: rect.minY, width: rect.width - 2, height: 1)
      write(
        " \(title) ", at: Point(x: rect.minX + 1, y: rect.minY), style: titleStyle, clip: titleClip,
        ellipsis: true)
    }
    return inner
  }

  /// Writes `text` centred on row `y` of `area`, clipped to it.
  @discardableResult
  public mutating func writeCentered(_ text: String, y: Int, in area: Rect, style: Style) -> Int {
    let columns = TerminalText.columns(text)
    let x = area.minX + max(0, (area.width - columns) / 2)
    return write(text, at: Point(x: x, y: y), style: style, clip: area, ellipsis: true)
  }

  /// Writes `text` so that it ends at the right edge of `area` on row `y`.
  @discardableResult
  public mutating func writeRightAligned(_ text: String, y: Int, in area: Rect, style: Style) -> Int
  {
    let columns = TerminalText.columns(text)
    return write(
      text, at: Point(x: max(area.minX, area.maxX - columns), y: y), style: style, clip: area)
  }

  /// Writes `text` over as many rows of `area` as it needs from row `y`, breaking at spaces where
  /// it can and inside long words where it must; returns the row after the last one used.
  @discardableResult
  public mutating func writeWrapped(
    _ text: String, y: Int, in area: Rect, style: Style, maxLines: Int = .max
  ) -> Int {
    let lines = TextWrap.lines(text, width: area.width, maxLines: maxLines)
    var row = y
    for line in lines where row < area.maxY {
      write(line, at: Point(x: area.minX, y: row), style: style, clip: area)
      row += 1
    }
    return row
  }
}
