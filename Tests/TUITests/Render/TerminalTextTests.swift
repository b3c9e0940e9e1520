import Testing

@testable import TUI

@Suite("TerminalText")
struct TerminalTextTests {
  init() { _ = TestLocale.pinned }

  @Test("the width function follows wcwidth: ASCII 1, CJK and emoji 2, marks and controls 0")
  func widths() {
    #expect(TerminalText.width(of: "a") == 1)
    #expect(TerminalText.width(of: "中") == 2)
    #expect(TerminalText.width(of: "ｱ") == 1)
    #expect(TerminalText.width(of: "😀") == 2)
    #expect(TerminalText.width(of: "👨‍👩‍👧") == 2)
    #expect(TerminalText.width(of: "é") == 1)
    #expect(TerminalText.width(of: "e\u{301}") == 1)
    #expect(TerminalText.width(of: "\u{301}") == 0)
    #expect(TerminalText.width(of: "\u{1B}") == 0)
    #expect(TerminalText.width(of: "\u{7F}") == 0)
  }

  @Test("columns counts what write would draw, after sanitising")
  func columns() {
    #expect(TerminalText.columns("abc") == 3)
    #expect(TerminalText.columns("中文ab") == 6)
    #expect(TerminalText.columns("\u{1B}[31mred") == 3)
    #expect(TerminalText.columns("🇯🇵") == 2)
  }

  @Test("emoji sequences keep their first emoji, so terminals that split them stay aligned")
  func emojiSequences() {
    let cases: [(String, Character, Int)] = [
      ("🧑🏻‍🤝‍🧑🏼", "🧑", 2), ("👩🏽‍💻", "👩", 2), ("👍🏽", "👍", 2), ("❤️‍🔥", "❤", 1),
      ("👨‍👩‍👧‍👦", "👨", 2), ("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", "🏴", 2),
      ("\u{915}\u{94D}\u{200D}\u{937}", "\u{915}\u{94D}\u{200D}\u{937}", 1),
    ]
    for (text, expected, columns) in cases {
      var shaped: [(Character, Int)] = []
      TerminalText.forEachGrapheme(in: text) { grapheme, width in
        shaped.append((grapheme, width))
        return true
      }
      #expect(shaped.count == 1, "\(text)")
      #expect(shaped.first?.0 == expected, "\(text)")
      #expect(shaped.first?.1 == columns, "\(text)")
    }
  }

  @Test("a joiner ending a character is dropped: tmux would glue the next character to it")
  func trailingJoiner() {
    for text in ["\u{915}\u{94D}\u{200D}", "<\u{200C}\u{200D}", "e\u{301}\u{200D}\u{200D}"] {
      var shaped: [Character] = []
      TerminalText.forEachGrapheme(in: text + "x") { grapheme, _ in
        shaped.append(grapheme)
        return true
      }
      #expect(shaped.count == 2, "\(text.unicodeScalars.map(\.value))")
      #expect(shaped.first?.unicodeScalars.last?.value != 0x200D)
      #expect(shaped.last == "x")
    }
  }

  @Test("a long grapheme without emoji joiners is cut to what ncurses keeps in a cell")
  func longGraphemesAreCut() {
    var shaped: [Character] = []
    // Hangul jamo L L V T T plus two marks: one grapheme of seven scalars.
    TerminalText.forEachGrapheme(in: "\u{1100}\u{1100}\u{1161}\u{11A8}\u{11A8}\u{301}\u{302}") {
      grapheme, width in
      shaped.append(grapheme)
      #expect(width == 2)
      return true
    }
    #expect(shaped.count == 1)
    #expect(shaped.first?.unicodeScalars.count == TerminalText.maxScalarsPerCell)
    #expect(shaped.first?.unicodeScalars.first?.value == 0x1100)
  }

  @Test("an emoji selector on a one-column character is dropped so terminals keep one column")
  func narrowEmojiSelector() {
    var shaped: [Character] = []
    TerminalText.forEachGrapheme(in: "❤️") { grapheme, width in
      shaped.append(grapheme)
      #expect(width == 1)
      return true
    }
    #expect(shaped == ["❤"])
  }

  @Test("printable ASCII takes the fast path unchanged")
  func asciiFastPath() {
    var out = ""
    TerminalText.forEachGrapheme(in: "Hello, world! ~") { grapheme, _ in
      out.append(grapheme)
      return true
    }
    #expect(out == "Hello, world! ~")
  }
}
