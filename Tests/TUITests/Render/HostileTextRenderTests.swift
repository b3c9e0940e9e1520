import TestSupport
import Testing

@testable import TUI

@Suite("The hostile text corpus drawn into cells")
struct HostileTextRenderTests {
  init() { _ = TestLocale.pinned }

  /// What no cell may hold: controls, bidi overrides and isolates, or a joiner at its end
  /// (tmux glues the next character onto a cell ending in one).
  static func problem(in cell: Cell) -> String? {
    let scalars = cell.grapheme.unicodeScalars
    if let bad = scalars.first(where: { scalar in
      switch scalar.value {
      case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
      default: false
      }
    }) {
      return "U+\(String(bad.value, radix: 16))"
    }
    if scalars.last?.value == 0x200D { return "trailing zero-width joiner" }
    if scalars.count > TerminalText.maxScalarsPerCell { return "\(scalars.count) scalars" }
    return nil
  }

  @Test("every string, written on a row or wrapped, stays in its area with safe cells only")
  func corpusIntoCells() {
    let corpus = HostileText.corpus()
    #expect(corpus.count >= 200)
    for (index, text) in corpus.enumerated() {
      var buffer = CellBuffer(width: 50, height: 6)
      let row = Rect(x: 5, y: 0, width: 40, height: 1)
      let end = buffer.write(text, at: Point(x: 5, y: 0), style: .plain, clip: row, ellipsis: true)
      #expect(end <= row.maxX, "string \(index) ran past its row")
      let box = Rect(x: 5, y: 2, width: 30, height: 3)
      let next = buffer.writeWrapped(text, y: box.y, in: box, style: .plain, maxLines: 3)
      #expect(next <= box.maxY, "string \(index) wrapped past its box")
      for y in 0..<buffer.height {
        for x in 0..<buffer.width {
          let inside = row.contains(Point(x: x, y: y)) || box.contains(Point(x: x, y: y))
          let cell = buffer[x, y]
          #expect(inside || cell.grapheme == " ", "string \(index) drew at \(x),\(y)")
          if let problem = Self.problem(in: cell) {
            Issue.record("string \(index) put \(problem) into cell \(x),\(y)")
          }
        }
      }
    }
  }
}
