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

  @Test("a long ZWJ sequence is cut to what ncurses keeps, without a dangling joiner")
  func longSequencesAreCut() {
    var shaped: [Character] = []
    TerminalText.forEachGrapheme(in: "🧑🏻‍🤝‍🧑🏼") { grapheme, width in
      shaped.append(grapheme)
      #expect(width == 2)
      return true
    }
    #expect(shaped.count == 1)
    let scalars = shaped.first?.unicodeScalars.map(\.value) ?? []
    #expect(scalars.count <= TerminalText.maxScalarsPerCell)
    #expect(scalars.last != 0x200D)
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
