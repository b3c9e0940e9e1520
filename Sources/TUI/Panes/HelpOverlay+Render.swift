import Domain

extension HelpOverlay {
  static func render(_ help: State, _ layout: Layout, into buffer: inout CellBuffer) {
    let inner = buffer.box(frame(in: layout), title: "Help", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard inner.height > 2 else { return }
    let x = buffer.write("Search: ", at: Point(x: area.x, y: area.y), style: .dim, clip: area)
    let end = buffer.write(help.query, at: Point(x: x, y: area.y), style: .input, clip: area)
    buffer.put("▏", at: Point(x: min(end, area.maxX - 1), y: area.y), style: .input)
    buffer.writeRightAligned("type to search · Esc closes", y: area.y, in: area, style: .dim)
    let rows = rows(matching: help.query, width: area.width)
    if rows.isEmpty {
      buffer.write("Nothing matches.", at: Point(x: area.x, y: area.y + 2), style: .dim, clip: area)
      return
    }
    let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2)
    let start = min(help.scroll, max(0, rows.count - body.height))
    for (offset, row) in rows.dropFirst(start).prefix(body.height).enumerated() {
      let y = body.y + offset
      if row.title {
        buffer.write(row.text, at: Point(x: body.x, y: y), style: .title, clip: body)
        continue
      }
      buffer.write(row.keys, at: Point(x: body.x + 2, y: y), style: .key, clip: body)
      buffer.write(row.text, at: Point(x: body.x + row.column, y: y), style: .plain, clip: body)
    }
  }
}
