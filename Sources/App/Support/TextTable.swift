import TUI

/// Aligns rows of cells into columns separated by two spaces.
enum TextTable {
  static func render(_ rows: [[String]]) -> [String] {
    TerminalText.useUTF8Locale()
    let rows = rows.map { $0.map(TerminalText.shaped) }
    let columns = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() {
        widths[index] = max(widths[index], displayWidth(cell))
      }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1
          ? cell : cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
      }.joined(separator: "  ")
    }
  }

  static func displayWidth(_ text: String) -> Int { TerminalText.columns(text) }
}
