import Testing

@testable import TUI

@Suite("CellBuffer")
struct CellBufferTests {
  init() { _ = TestLocale.pinned }

  @Test("write clips at the buffer edge and never wraps to the next row")
  func clipsWithoutWrapping() {
    var buffer = CellBuffer(width: 5, height: 2)
    let end = buffer.write("abcdefgh", at: Point(x: 1, y: 0), style: .plain)
    #expect(buffer.rowText(0) == " abcd")
    #expect(buffer.rowText(1) == "     ")
    #expect(end == 5)
  }

  @Test("write clips to the given rectangle on both sides")
  func clipsToRectangle() {
    var buffer = CellBuffer(width: 8, height: 1)
    let clip = Rect(x: 2, y: 0, width: 3, height: 1)
    buffer.write("abcdefgh", at: Point(x: 0, y: 0), style: .plain, clip: clip)
    #expect(buffer.rowText(0) == "  cde   ")
  }

  @Test("a row outside the clip rectangle is left alone")
  func rowOutsideClip() {
    var buffer = CellBuffer(width: 4, height: 2)
    buffer.write(
      "ab", at: Point(x: 0, y: 1), style: .plain, clip: Rect(x: 0, y: 0, width: 4, height: 1))
    #expect(buffer.rowText(1) == "    ")
  }

  @Test("a wide character takes its cell and a continuation cell")
  func wideCharacterContinuation() {
    var buffer = CellBuffer(width: 4, height: 1)
    let end = buffer.write("中a", at: Point(x: 0, y: 0), style: .strong)
    #expect(end == 3)
    #expect(buffer[0, 0] == Cell("中", style: .strong, width: .double))
    #expect(buffer[1, 0].width == .continuation)
    #expect(buffer[2, 0].grapheme == "a")
    #expect(buffer.rowText(0) == "中a ")
  }

  @Test("a wide character that does not fit in the last column is not drawn half")
  func wideCharacterAtEdge() {
    var buffer = CellBuffer(width: 3, height: 1)
    buffer.write("ab中", at: Point(x: 0, y: 0), style: .plain)
    #expect(buffer.rowText(0) == "ab ")
    #expect(buffer[2, 0].width == .single)
  }

  @Test("a wide character cut by the left clip edge shows as a blank")
  func wideCharacterAtLeftClip() {
    var buffer = CellBuffer(width: 4, height: 1)
    buffer.write("中b", at: Point(x: -1, y: 0), style: .plain)
    #expect(buffer.rowText(0) == " b  ")
  }

  @Test("overwriting half of a wide character blanks its other half")
  func overwritingHalves() {
    var buffer = CellBuffer(width: 4, height: 1)
    buffer.write("中文", at: Point(x: 0, y: 0), style: .plain)
    buffer.write("x", at: Point(x: 1, y: 0), style: .plain)
    #expect(buffer.rowText(0) == " x文")
    buffer.write("y", at: Point(x: 2, y: 0), style: .plain)
    #expect(buffer.rowText(0) == " xy ")
    #expect(buffer[3, 0].width == .single)
  }

  @Test("ellipsis marks cut text in the last column")
  func ellipsis() {
    var buffer = CellBuffer(width: 6, height: 1)
    buffer.write("abcdefgh", at: Point(x: 0, y: 0), style: .plain, ellipsis: true)
    #expect(buffer.rowText(0) == "abcde…")
    var fits = CellBuffer(width: 6, height: 1)
    fits.write("abcdef", at: Point(x: 0, y: 0), style: .plain, ellipsis: true)
    #expect(fits.rowText(0) == "abcdef")
  }

  @Test("ellipsis after a wide character replaces the character that does not fit")
  func ellipsisWithWideCharacters() {
    var buffer = CellBuffer(width: 5, height: 1)
    buffer.write("中文字", at: Point(x: 0, y: 0), style: .plain, ellipsis: true)
    #expect(buffer.rowText(0) == "中文…")
    var exact = CellBuffer(width: 4, height: 1)
    exact.write("中文字", at: Point(x: 0, y: 0), style: .plain, ellipsis: true)
    #expect(exact.rowText(0) == "中… ")
  }

  @Test("escape sequences, controls and bidi overrides never reach a cell")
  func sanitizesText() {
    var buffer = CellBuffer(width: 20, height: 1)
    buffer.write("a\u{1B}[31mred\u{07}\u{202E}x\u{9B}2Jy\r\n", at: Point(x: 0, y: 0), style: .plain)
    #expect(buffer.rowText(0) == "aredxy" + String(repeating: " ", count: 14))
    for x in 0..<20 {
      for scalar in buffer[x, 0].grapheme.unicodeScalars {
        #expect(!Snapshot.isForbidden(scalar))
      }
    }
  }

  @Test("a flag shows as its two letters so columns stay aligned")
  func flagsBecomeLetters() {
    var buffer = CellBuffer(width: 6, height: 1)
    let end = buffer.write("🇯🇵!", at: Point(x: 0, y: 0), style: .plain)
    #expect(buffer.rowText(0) == "JP!   ")
    #expect(end == 3)
  }

  @Test("fill blanks the outer half of a wide character it cuts")
  func fillCutsWideCharacters() {
    var buffer = CellBuffer(width: 4, height: 1)
    buffer.write("中文", at: Point(x: 0, y: 0), style: .plain)
    buffer.fill(Rect(x: 1, y: 0, width: 2, height: 1), style: .plain)
    #expect(buffer.rowText(0) == "    ")
    #expect((0..<4).allSatisfy { buffer[$0, 0].width == .single })
  }

  @Test("diff yields only the cells that changed")
  func diffOnlyChanges() {
    var old = CellBuffer(width: 5, height: 2)
    old.write("hello", at: Point(x: 0, y: 0), style: .plain)
    var new = old
    new.write("J", at: Point(x: 0, y: 0), style: .plain)
    new.write("!", at: Point(x: 4, y: 1), style: .strong)
    #expect(
      new.diff(from: old) == [
        CellChange(x: 0, y: 0, cell: Cell("J")),
        CellChange(x: 4, y: 1, cell: Cell("!", style: .strong)),
      ])
    #expect(old.diff(from: old).isEmpty)
  }

  @Test("a changed continuation cell is reported as its wide character")
  func diffContinuation() {
    var old = CellBuffer(width: 4, height: 1)
    old.write("ab", at: Point(x: 0, y: 0), style: .plain)
    var new = CellBuffer(width: 4, height: 1)
    new.write("a中", at: Point(x: 0, y: 0), style: .plain)
    let changes = new.diff(from: old)
    #expect(changes == [CellChange(x: 1, y: 0, cell: Cell("中", width: .double))])
  }

  @Test("a size change makes every cell a change")
  func diffAfterResize() {
    let old = CellBuffer(width: 2, height: 2)
    let new = CellBuffer(width: 3, height: 2)
    #expect(new.diff(from: old).count == 6)
  }

  @Test("applying a diff to the old frame gives the new frame")
  func applyRoundTrip() {
    var old = CellBuffer(width: 6, height: 2)
    old.write("中文abc", at: Point(x: 0, y: 0), style: .plain)
    var new = CellBuffer(width: 6, height: 2)
    new.write("a中b文", at: Point(x: 0, y: 0), style: .strong)
    new.write("x", at: Point(x: 5, y: 1), style: .plain)
    var screen = old
    for change in new.diff(from: old) { screen.apply(change) }
    #expect(screen == new)
  }

  @Test("reset blanks every cell and forgets links")
  func resetClears() {
    var buffer = CellBuffer(width: 3, height: 1)
    buffer.write("abc", at: Point(x: 0, y: 0), style: .strong)
    buffer.addLink(url: "https://x", y: 0, x: 0, width: 3)
    buffer.reset(to: ScreenSize(width: 3, height: 1))
    #expect(buffer == CellBuffer(width: 3, height: 1))
  }

  @Test("writing at a 1x1 or 0x0 buffer does not crash")
  func tinyBuffers() {
    var one = CellBuffer(width: 1, height: 1)
    one.write("中文 hello", at: Point(x: 0, y: 0), style: .plain, ellipsis: true)
    #expect(one.rowText(0) == "…")
    var none = CellBuffer(width: 0, height: 0)
    none.write("x", at: Point(x: 0, y: 0), style: .plain)
    none.box(Rect(x: 0, y: 0, width: 5, height: 5), title: "t")
    #expect(none.rowText(0) == "")
  }

  @Test("box draws a frame with its title and returns the inside")
  func boxFrame() {
    var buffer = CellBuffer(width: 10, height: 3)
    let inner = buffer.box(Rect(x: 0, y: 0, width: 10, height: 3), title: "Hi")
    #expect(inner == Rect(x: 1, y: 1, width: 8, height: 1))
    #expect(buffer.rowText(0) == "┌ Hi ────┐")
    #expect(buffer.rowText(1) == "│        │")
    #expect(buffer.rowText(2) == "└────────┘")
  }
}
