import Foundation
import Testing

@testable import TUI

@Suite("Terminal sequences")
struct TerminalSequencesTests {
  init() { _ = TestLocale.pinned }

  @Test("OSC 52 carries the text base64-encoded, so it never reaches the terminal as text")
  func copy() {
    let sequence = TerminalSequences.copy("https://x/?a=1&b=2")
    #expect(
      sequence == "\u{1B}]52;c;\(Data("https://x/?a=1&b=2".utf8).base64EncodedString())\u{07}")
    #expect(!sequence.contains("https"))
  }

  @Test("links re-write the cell text inside OSC 8 between a cursor save and restore")
  func links() {
    var buffer = CellBuffer(width: 10, height: 2)
    buffer.write("abcdef", at: Point(x: 2, y: 1), style: .link)
    buffer.addLink(url: "https://t.co/x", y: 1, x: 2, width: 6)
    let out = TerminalSequences.links(buffer, style: Appearance(underline: true))
    #expect(
      out
        == "\u{1B}7\u{1B}[2;3H\u{1B}[0;4m\u{1B}]8;id=tractok;https://t.co/x\u{1B}\\abcdef"
        + "\u{1B}]8;;\u{1B}\\\u{1B}8"
    )
  }

  @Test("a link whose URL has control or non-ASCII bytes is not emitted")
  func unsafeLinks() {
    var buffer = CellBuffer(width: 10, height: 1)
    buffer.write("abc", at: Point(x: 0, y: 0), style: .link)
    for url in ["https://x/\u{1B}]0;pwn\u{07}", "https://x/ä", "https://x/ y", ""] {
      var copy = buffer
      copy.addLink(url: url, y: 0, x: 0, width: 3)
      #expect(TerminalSequences.links(copy, style: Appearance()) == "")
    }
  }

  @Test("SGR covers attributes and 8, 16 and 256 colours")
  func sgr() {
    #expect(TerminalSequences.sgr(Appearance()) == "\u{1B}[0m")
    #expect(
      TerminalSequences.sgr(Appearance(foreground: .index(4), bold: true)) == "\u{1B}[0;1;34m")
    #expect(
      TerminalSequences.sgr(Appearance(foreground: .index(12), background: .index(0)))
        == "\u{1B}[0;94;40m")
    #expect(
      TerminalSequences.sgr(Appearance(foreground: .index(80), reverse: true))
        == "\u{1B}[0;7;38;5;80m")
  }
}
