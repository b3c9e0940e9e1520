import CNcursesw
import Domain
import Glibc

/// How text becomes cells: the one width function, and the one path untrusted text takes on its
/// way into a cell (sanitised, then shaped so terminals and ncurses agree on its columns).
public enum TerminalText {
  /// The most scalars ncurses keeps in one cell (`CCHARW_MAX`); longer graphemes are cut.
  public static let maxScalarsPerCell = 5

  /// Columns `character` covers as ncurses counts them: `wcwidth` of its first scalar in a UTF-8
  /// locale; 0 means it cannot be shown on its own.
  public static func width(of character: Character) -> Int {
    guard let first = character.unicodeScalars.first else { return 0 }
    let value = first.value
    if value < 0x80 { return value >= 0x20 && value != 0x7F ? 1 : 0 }
    let width = tk_wcwidth(value)
    return width <= 0 ? 0 : Int(min(width, 2))
  }

  /// Total columns `text` covers once written.
  public static func columns(_ text: String) -> Int {
    var total = 0
    forEachGrapheme(in: text) { _, width in
      total += width
      return true
    }
    return total
  }

  /// `text` as the UI draws it: sanitised, emoji sequences and flags shaped to the columns
  /// terminals give them. Line-oriented output (tables in the CLI) prints this so its columns
  /// line up the same way.
  public static func shaped(_ text: String) -> String {
    var out = ""
    forEachGrapheme(in: text) { character, _ in
      out.append(character)
      return true
    }
    return out
  }

  /// Calls `body` with every grapheme `text` shows and its width, until `body` returns false.
  /// Text is sanitised first (printable ASCII, which sanitising never changes, skips that work).
  static func forEachGrapheme(in text: String, _ body: (Character, Int) -> Bool) {
    if isPrintableASCII(text) {
      for byte in text.utf8 where !body(Character(Unicode.Scalar(byte)), 1) { return }
      return
    }
    for character in UntrustedText.sanitize(text) {
      var keepGoing = true
      shape(character) { shaped, width in
        keepGoing = body(shaped, width)
        return keepGoing
      }
      if !keepGoing { return }
    }
  }

  /// Makes one sanitised grapheme safe to put in a cell, in the form every terminal draws in
  /// the columns ncurses counts. A flag becomes its two letters (glibc counts one column,
  /// terminals draw two); an emoji ZWJ sequence, skin tone or tag sequence keeps its first emoji
  /// (terminals such as tmux draw each part separately, which shifts the rest of the row); an
  /// emoji selector on a one-column base is dropped so the narrow text form is drawn; anything
  /// else is cut to what ncurses keeps in a cell, without a trailing zero-width joiner.
  private static func shape(_ character: Character, _ body: (Character, Int) -> Bool) {
    let scalars = character.unicodeScalars
    if scalars.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }) {
      for scalar in scalars {
        guard let letter = Unicode.Scalar(scalar.value - 0x1F1E6 + 0x41) else { continue }
        if !body(Character(letter), 1) { return }
      }
      return
    }
    let width = width(of: character)
    guard width > 0 else { return }
    if scalars.count == 1 {
      _ = body(character, width)
      return
    }
    // Only emoji: a joiner inside an Indic conjunct, for one, is part of the text.
    if let first = scalars.first, first.value >= 0x80, first.properties.isEmoji,
      scalars.contains(where: isEmojiComposer)
    {
      _ = body(Character(first), width)
      return
    }
    var kept = String.UnicodeScalarView()
    for scalar in scalars {
      if width == 1 && scalar.value == 0xFE0F { continue }
      if kept.count == maxScalarsPerCell { break }
      kept.append(scalar)
    }
    // A joiner left at the end would make tmux and others glue the next character into this
    // cell, pulling the rest of the row one column left.
    while kept.last?.value == 0x200D { kept.removeLast() }
    // Dropping scalars never joins two graphemes, but never trap if it splits one: keep the first.
    guard let shaped = String(kept).first else { return }
    _ = body(shaped, width)
  }

  /// Joiners, skin tones and tags: what builds one emoji out of several.
  private static func isEmojiComposer(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200D, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F: true
    default: false
    }
  }

  private static func isPrintableASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }

  /// Sets the C locale from the environment and falls back to C.UTF-8 for character types when
  /// that is not a UTF-8 locale, so `wcwidth` (and ncurses) understand wide characters.
  public static func useUTF8Locale() {
    setlocale(LC_ALL, "")
    if tk_wcwidth(0x4E2D) != 2 { setlocale(LC_CTYPE, "C.UTF-8") }
  }
}
