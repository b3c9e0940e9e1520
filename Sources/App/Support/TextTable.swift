import Domain

/// Aligns rows into columns separated by two spaces, for line-oriented output.
///
/// Every column but the last is padded by its count of characters: commands keep those columns
/// to fixed vocabulary (badges, countdowns, handles) and put free text from TikTok (display
/// names) last, so a name prints whole, emoji sequences included, and needs no width table.
enum TextTable {
  static func render(_ rows: [[String]]) -> [String] {
    let rows = rows.map { $0.map(UntrustedText.sanitize) }
    let columns = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1
          ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
      }.joined(separator: "  ")
    }
  }
}
