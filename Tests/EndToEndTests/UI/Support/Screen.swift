import Foundation
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Pieces of a captured tmux screen.
enum Screen {
  /// The rows of a screen.
  static func rows(_ screen: String) -> [String] {
    screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The first row (the header bar).
  static func header(_ screen: String) -> String { rows(screen).first ?? "" }

  /// Whether `screen` holds `text` byte for byte. `String.contains` compares characters, and a
  /// combining mark from the data joins the marker character before it into another one.
  static func holds(_ screen: String, _ text: String) -> Bool {
    TerminalOutput.find(Array(text.utf8), in: Array(screen.utf8), from: 0) != nil
  }

  /// The characters of a captured row by the column they start in, counted as ncurses counts
  /// them (`wcwidth` in C.UTF-8). tmux prints a wide character once, so when tmux and ncurses
  /// disagree on a width, everything after it lands in other columns here.
  static func columns(_ row: String) -> [Int: Character] {
    _ = utf8Locale
    var cells: [Int: Character] = [:]
    var column = 0
    for character in row {
      let scalar = character.unicodeScalars.first.map { Int32(bitPattern: $0.value) } ?? 0
      let width = max(0, Int(wcwidth(scalar)))
      cells[column] = character
      column += width
    }
    return cells
  }

  private static let utf8Locale: Void = { _ = setlocale(LC_CTYPE, "C.UTF-8") }()

  private typealias WidthFunction = @convention(c) (Int32) -> Int32

  /// glibc's `wcwidth`, which Swift's Glibc module does not export (found at run time).
  private static let wcwidth: WidthFunction = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else {
      return { _ in 1 }
    }
    return unsafeBitCast(symbol, to: WidthFunction.self)
  }()
}
