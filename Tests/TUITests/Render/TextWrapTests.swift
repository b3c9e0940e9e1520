import Testing

@testable import TUI

@Suite("TextWrap")
struct TextWrapTests {
  init() { _ = TestLocale.pinned }

  @Test("text breaks at spaces within the width")
  func breaksAtSpaces() {
    #expect(TextWrap.lines("the quick brown fox", width: 10) == ["the quick", "brown fox"])
  }

  @Test("a word longer than a row is split inside")
  func splitsLongWords() {
    #expect(
      TextWrap.lines("https://example.com/abc", width: 8) == ["https://", "example.", "com/abc"])
  }

  @Test("wide characters count two columns when wrapping")
  func wideCharacters() {
    #expect(TextWrap.lines("中文字幕", width: 5) == ["中文", "字幕"])
  }

  @Test("text that needs more rows than allowed ends with an ellipsis")
  func maxLines() {
    #expect(TextWrap.lines("one two three four", width: 8, maxLines: 2) == ["one two", "three…"])
    #expect(TextWrap.lines("abcdefgh ijk", width: 8, maxLines: 1) == ["abcdefg…"])
  }

  @Test("zero width or zero lines give nothing")
  func degenerate() {
    #expect(TextWrap.lines("abc", width: 0).isEmpty)
    #expect(TextWrap.lines("abc", width: 3, maxLines: 0).isEmpty)
    #expect(TextWrap.lines("   ", width: 3).isEmpty)
  }
}
