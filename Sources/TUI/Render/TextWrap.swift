/// Breaks text into rows of a given width in columns, for bios, URLs and messages.
enum TextWrap {
  /// Rows of at most `width` columns: breaks at spaces, splits words longer than a row, and ends
  /// with `…` when more than `maxLines` rows would be needed.
  static func lines(_ text: String, width: Int, maxLines: Int = .max) -> [String] {
    guard width > 0, maxLines > 0 else { return [] }
    var words: [[(Character, Int)]] = [[]]
    TerminalText.forEachGrapheme(in: text) { grapheme, columns in
      if grapheme == " " {
        if !(words.last?.isEmpty ?? true) { words.append([]) }
      } else {
        words[words.count - 1].append((grapheme, columns))
      }
      return true
    }
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    func endLine() {
      lines.append(line)
      line = ""
      lineWidth = 0
    }
    for word in words where !word.isEmpty {
      let wordWidth = word.reduce(0) { $0 + $1.1 }
      if lineWidth > 0 && lineWidth + 1 + wordWidth > width { endLine() }
      if lineWidth > 0 {
        line.append(" ")
        lineWidth += 1
      }
      for (grapheme, columns) in word {
        if lineWidth + columns > width { endLine() }
        line.append(grapheme)
        lineWidth += columns
      }
    }
    if lineWidth > 0 { endLine() }
    guard lines.count > maxLines else { return lines }
    var kept = Array(lines.prefix(maxLines))
    kept[maxLines - 1] = withEllipsis(kept[maxLines - 1], width: width)
    return kept
  }

  /// `line` shortened so that `…` fits after it within `width` columns.
  private static func withEllipsis(_ line: String, width: Int) -> String {
    var graphemes: [(Character, Int)] = []
    TerminalText.forEachGrapheme(in: line) { grapheme, columns in
      graphemes.append((grapheme, columns))
      return true
    }
    var total = graphemes.reduce(0) { $0 + $1.1 }
    while total + 1 > width, let last = graphemes.popLast() { total -= last.1 }
    return String(graphemes.map(\.0)) + "…"
  }
}
