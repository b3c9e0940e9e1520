import Testing

@testable import App

@Suite("Bounded lines: paste-back reads at most 8 KiB per line")
struct BoundedLinesTests {
  @Test("lines split on newlines across chunks, CRLF included, and a last line without one")
  func splits() {
    var lines = BoundedLines(limit: 16)
    #expect(lines.feed(Array("first\r\nsec".utf8)[...]) == [.line("first")])
    #expect(lines.feed(Array("ond\n\nthird".utf8)[...]) == [.line("second"), .line("")])
    #expect(lines.finish() == [.line("third")])
    #expect(lines.finish() == [])
  }

  @Test("a line of exactly the limit is kept; one byte more is refused once and skipped to its end")
  func limit() {
    var lines = BoundedLines(limit: 8)
    #expect(lines.feed(Array("12345678\n123456789\nnext\n".utf8)[...])
      == [.line("12345678"), .tooLong, .line("next")])
  }

  @Test("a 10 MB line fed in 4 KiB chunks is refused once and the next line still counts")
  func hugeLine() {
    var lines = BoundedLines(limit: 8192)
    let chunk = [UInt8](repeating: 0x41, count: 4096)
    var events: [BoundedLines.Event] = []
    for _ in 0..<(10_000_000 / 4096) { events += lines.feed(chunk[...]) }
    events += lines.feed(Array("AAAA\nhttp://127.0.0.1:1/callback/?code=c&state=s\n".utf8)[...])
    #expect(events == [.tooLong, .line("http://127.0.0.1:1/callback/?code=c&state=s")])
    #expect(lines.finish() == [])
  }

  @Test("end of input in the middle of a refused line gives nothing more")
  func endWhileDiscarding() {
    var lines = BoundedLines(limit: 4)
    #expect(lines.feed(Array("123456".utf8)[...]) == [.tooLong])
    #expect(lines.finish() == [])
  }
}
