import Domain

extension HelpOverlay {
  static func render(_ help: State, _ layout: Layout, into buffer: inout CellBuffer) {
    let frame = layout.dialog(width: 84, height: layout.size.height - 2)
    let inner = buffer.box(frame, title: "Help", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard inner.height > 2 else { return }
    let x = buffer.write("Search: ", at: Point(x: area.x, y: area.y), style: .dim, clip: area)
    let end = buffer.write(help.query, at: Point(x: x, y: area.y), style: .input, clip: area)
    buffer.put("▏", at: Point(x: min(end, area.maxX - 1), y: area.y), style: .input)
    buffer.writeRightAligned("type to search · Esc closes", y: area.y, in: area, style: .dim)
    let lines = lines(matching: help.query)
    if lines.isEmpty {
      buffer.write("Nothing matches.", at: Point(x: area.x, y: area.y + 2), style: .dim, clip: area)
      return
    }
    let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2)
    let start = min(help.scroll, max(0, lines.count - body.height))
    for (offset, line) in lines.dropFirst(start).prefix(body.height).enumerated() {
      let y = body.y + offset
      switch line {
      case .blank: break
      case .section(let title):
        buffer.write(title, at: Point(x: body.x, y: y), style: .title, clip: body)
      case .entry(let keys, let text):
        buffer.write(keys, at: Point(x: body.x + 2, y: y), style: .key, clip: body)
        buffer.write(
          text, at: Point(x: body.x + 14, y: y), style: .plain, clip: body, ellipsis: true)
      }
    }
  }
}
