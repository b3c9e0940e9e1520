import Testing
import TestSupport

@testable import TUI

@Suite("QRMatrix")
struct QRMatrixTests {
  init() { _ = TestLocale.pinned }

  /// The 7x7 finder pattern: dark ring, light ring, dark 3x3 centre.
  private func hasFinder(_ matrix: QRMatrix, x: Int, y: Int) -> Bool {
    for dy in 0..<7 {
      for dx in 0..<7 {
        let ring = max(abs(dx - 3), abs(dy - 3))
        let dark = ring != 2
        if matrix.isDark(x: x + dx, y: y + dy) != dark { return false }
      }
    }
    return true
  }

  @Test("a short text encodes as a version 1 code with three finder patterns")
  func version1Structure() throws {
    let matrix = try #require(QRMatrix(encoding: "HELLO"))
    #expect(matrix.size == 21)
    #expect(hasFinder(matrix, x: 0, y: 0))
    #expect(hasFinder(matrix, x: 14, y: 0))
    #expect(hasFinder(matrix, x: 0, y: 14))
    #expect(!hasFinder(matrix, x: 14, y: 14))
    // Separators around the top-left finder are light; the timing row alternates.
    #expect((0...7).allSatisfy { !matrix.isDark(x: $0, y: 7) && !matrix.isDark(x: 7, y: $0) })
    #expect((8...12).allSatisfy { matrix.isDark(x: $0, y: 6) == ($0 % 2 == 0) })
    // The "dark module" next to the bottom-left finder is always dark.
    #expect(matrix.isDark(x: 8, y: 13))
  }

  @Test("an authorize-length URL gives a bigger code whose size fits the QR formula")
  func longerText() throws {
    let url =
      "aweme://authorize?authType=100&client_key=aw7nk86b7czitwc9&client_ticket="
      + String(repeating: "q0V8cXl2b1NvbWVSYW5k", count: 3)
      + "&scope=user.info.basic%2Cvideo.list&state=Zk3abc"
    let matrix = try #require(QRMatrix(encoding: url))
    #expect(matrix.size > 21)
    #expect((matrix.size - 17) % 4 == 0)
    #expect(hasFinder(matrix, x: matrix.size - 7, y: 0))
  }

  @Test("empty text and text too long for any version give no code")
  func refusals() {
    #expect(QRMatrix(encoding: "") == nil)
    #expect(QRMatrix(encoding: String(repeating: "x", count: 3000)) == nil)
  }

  @Test("outside the matrix (the quiet zone) every module is light")
  func quietZone() throws {
    let matrix = try #require(QRMatrix(encoding: "HELLO"))
    #expect(!matrix.isDark(x: -1, y: 0))
    #expect(!matrix.isDark(x: 0, y: 21))
    #expect(matrix.drawnSize == ScreenSize(width: 25, height: 13))
  }

  @Test("half-block drawing reads back to the same module grid, quiet zone included")
  func halfBlockRoundTrip() throws {
    for text in ["HELLO", "https://www.tiktok.com/v2/auth/authorize/?client_key=abc&state=xyz"] {
      let matrix = try #require(QRMatrix(encoding: text))
      let drawn = matrix.drawnSize
      var buffer = CellBuffer(width: drawn.width + 2, height: drawn.height + 1)
      buffer.drawQR(matrix, at: Point(x: 1, y: 1))
      let quiet = QRMatrix.quietZone
      let side = matrix.size + 2 * quiet
      var rows = Array(repeating: Array(repeating: false, count: side), count: side)
      for row in 0..<drawn.height {
        for column in 0..<drawn.width {
          let cell = buffer[1 + column, 1 + row]
          #expect(cell.style == .qrModules)
          let modules = try #require(QRMatrix.modules(of: cell.grapheme))
          rows[2 * row][column] = modules.top
          if 2 * row + 1 < side {
            rows[2 * row + 1][column] = modules.bottom
          } else {
            #expect(!modules.bottom)
          }
        }
      }
      // Strip the quiet zone, which must be light, and compare.
      for y in 0..<side {
        for x in 0..<side where x < quiet || y < quiet || x >= side - quiet || y >= side - quiet {
          #expect(!rows[y][x])
        }
      }
      let inner = rows[quiet..<(side - quiet)].map { Array($0[quiet..<(side - quiet)]) }
      #expect(QRMatrix(rows: inner) == matrix)
    }
  }

  @Test("glyphs and modules map both ways")
  func glyphMapping() {
    for top in [false, true] {
      for bottom in [false, true] {
        let glyph = QRMatrix.glyph(top: top, bottom: bottom)
        #expect(QRMatrix.modules(of: glyph)?.top == top)
        #expect(QRMatrix.modules(of: glyph)?.bottom == bottom)
      }
    }
    #expect(QRMatrix.modules(of: "x") == nil)
  }

  @Test("the inverted rows ink exactly the modules the plain rows leave blank")
  func invertedRows() throws {
    let matrix = try #require(QRMatrix(encoding: "HELLO"))
    let plain = matrix.halfBlockRows()
    let inverted = matrix.halfBlockRows(inverted: true)
    #expect(plain.count == matrix.drawnSize.height)
    for (row, glyphs) in plain.enumerated() {
      #expect(glyphs.count == matrix.drawnSize.width)
      for (column, glyph) in glyphs.enumerated() {
        let modules = try #require(QRMatrix.modules(of: glyph))
        let complement = try #require(QRMatrix.modules(of: inverted[row][column]))
        #expect(complement.top == !modules.top && complement.bottom == !modules.bottom)
      }
    }
  }

  @Test(
    "what the UI draws for a scan URL decodes back to it with a real QR decoder",
    .enabled(if: QRScan.isAvailable, Comment(rawValue: QRScan.missingDecoder)))
  func uiDrawingScans() throws {
    let url =
      "aweme://authorize?authType=100&client_key=aw7nk86b7czitwc9&client_ticket=q0V8cXl2b1NvbWVS"
      + "&scope=user.info.basic%2Cvideo.list&state=Zk3abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    let matrix = try #require(QRMatrix(encoding: url))
    let drawn = matrix.drawnSize
    var buffer = CellBuffer(width: drawn.width + 6, height: drawn.height + 2)
    buffer.drawQR(matrix, at: Point(x: 3, y: 1))
    let rows = (0..<buffer.height).map { y in
      String((0..<buffer.width).map { buffer[$0, y].grapheme })
    }
    let modules = try #require(QRScan.modules(halfBlocks: rows, inkIsDark: true))
    #expect(try QRScan.decode(modules) == [url])
  }

  @Test(
    "when level M does not fit, the smaller level L code is chosen and still scans",
    .enabled(if: QRScan.isAvailable, Comment(rawValue: QRScan.missingDecoder)))
  func lowerCorrectionWhenTooBig() throws {
    let url =
      "aweme://authorize?authType=100&client_key=sbx_tractok_desktop&client_ticket=q0V8cXl2b1NvbWVS"
      + "yx1234&scope=user.info.basic%2Cuser.info.profile%2Cuser.info.stats%2Cvideo.list&state="
      + "Zk3abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    let medium = try #require(QRMatrix(encoding: url))
    let roomy = try #require(QRMatrix.best(for: url) { _ in true })
    #expect(roomy == medium)
    let cramped = try #require(QRMatrix.best(for: url) { $0.size < medium.size })
    #expect(cramped.size < medium.size)
    let rows = (0..<cramped.size).map { y in (0..<cramped.size).map { cramped.isDark(x: $0, y: y) } }
    #expect(try QRScan.decode(rows) == [url])
  }
}
