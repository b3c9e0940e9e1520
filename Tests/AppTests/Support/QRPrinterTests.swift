import Foundation
import TUI
import TestSupport
import Testing

@testable import App

@Suite("Printing a QR code for connect --qr")
struct QRPrinterTests {
  let url =
    "aweme://authorize?authType=100&client_key=sbx_tractok_desktop"
    + "&client_ticket=6lIfgEmA3C3RAsnX3xnE3w"
    + "&scope=user.info.basic%2Cuser.info.profile%2Cuser.info.stats%2Cvideo.list"
    + "&state=oDXtSqePkKdCttRc3ZX4aeCoOMD6tyDVS5wQ9UXJT1M"
  let colors = Theme(support: .full).appearance(for: .qrModules)

  private func matrix() throws -> QRMatrix { try #require(QRMatrix(encoding: url)) }

  /// The rows without the SGR before them and the reset after them.
  private func glyphs(_ lines: [String], look: Appearance) -> [String]? {
    let prefix = TerminalSequences.sgr(look)
    let suffix = TerminalSequences.sgr(Appearance())
    var rows: [String] = []
    for line in lines {
      guard line.hasPrefix(prefix), line.hasSuffix(suffix) else { return nil }
      rows.append(String(line.dropFirst(prefix.count).dropLast(suffix.count)))
    }
    return rows
  }

  /// Whether `grid` shows `matrix` with its light quiet zone (and nothing dark beyond it).
  private func shows(_ grid: [[Bool]], _ matrix: QRMatrix) -> Bool {
    let quiet = QRMatrix.quietZone
    return grid.enumerated().allSatisfy { y, row in
      row.enumerated().allSatisfy { x, dark in dark == matrix.isDark(x: x - quiet, y: y - quiet) }
    }
  }

  @Test("in colours each row is the QR style's colours, dark modules inked, then a reset")
  func coloredRows() throws {
    let matrix = try matrix()
    let printer = QRPrinter(ink: .colors(colors), terminal: nil)
    let lines = printer.lines(for: matrix)
    #expect(lines.count == matrix.drawnSize.height)
    let rows = try #require(glyphs(lines, look: colors))
    #expect(rows.allSatisfy { $0.count == matrix.drawnSize.width })
    let grid = try #require(QRScan.modules(halfBlocks: rows, inkIsDark: true))
    #expect(shows(grid, matrix))
    #expect(printer.inkNote == nil)
  }

  @Test("without colours the light modules are inked, with no escapes, and a note says so")
  func darkBackgroundRows() throws {
    let matrix = try matrix()
    let printer = QRPrinter(ink: .darkBackground, terminal: nil)
    let lines = printer.lines(for: matrix)
    #expect(!lines.joined().contains("\u{1B}"))
    // The quiet zone is light, so the first row is all ink.
    #expect(lines.first == String(repeating: "█", count: matrix.drawnSize.width))
    let grid = try #require(QRScan.modules(halfBlocks: lines, inkIsDark: false))
    #expect(shows(grid, matrix))
    #expect(printer.inkNote?.contains("dark background") == true)
  }

  @Test(
    "both drawings scan with a real decoder, the uncoloured one on a dark terminal",
    .enabled(if: QRScan.isAvailable, Comment(rawValue: QRScan.missingDecoder)))
  func drawingsScan() throws {
    let matrix = try matrix()
    let colored = try #require(
      glyphs(QRPrinter(ink: .colors(colors), terminal: nil).lines(for: matrix), look: colors))
    let light = try #require(QRScan.modules(halfBlocks: colored, inkIsDark: true))
    #expect(try QRScan.decode(light) == [url])
    let plain = QRPrinter(ink: .darkBackground, terminal: nil).lines(for: matrix)
    let dark = try #require(QRScan.modules(halfBlocks: plain, inkIsDark: false))
    #expect(try QRScan.decode(dark, surroundIsDark: true) == [url])
  }

  @Test("colours only on a terminal that has them and without NO_COLOR")
  func inkChoice() {
    let eight = QRPrinter.Ink.colors(Theme(support: .eight).appearance(for: .qrModules))
    let full = QRPrinter.Ink.colors(colors)
    let cases: [(Bool, [String: String], QRPrinter.Ink)] = [
      (false, ["TERM": "xterm-256color"], .darkBackground),
      (true, [:], .darkBackground),
      (true, ["TERM": "dumb"], .darkBackground),
      (true, ["TERM": "xterm-256color", "NO_COLOR": "1"], .darkBackground),
      (true, ["TERM": "xterm-256color", "NO_COLOR": ""], full),
      (true, ["TERM": "xterm"], eight),
      (true, ["TERM": "xterm", "COLORTERM": "truecolor"], full),
      (true, ["TERM": "tmux-256color"], full),
    ]
    for (isTerminal, environment, expected) in cases {
      #expect(
        QRPrinter.ink(isTerminal: isTerminal, environment: environment) == expected,
        "\(isTerminal) \(environment)")
    }
  }

  @Test("a terminal too small for the code is told the columns and rows it needs")
  func tooSmall() throws {
    let matrix = try matrix()
    let needed = QRPrinter.neededSize(for: matrix)
    #expect(needed == ScreenSize(width: 65, height: 34))
    #expect(QRPrinter(ink: .darkBackground, terminal: nil).fits(matrix))
    #expect(QRPrinter(ink: .darkBackground, terminal: needed).fits(matrix))
    let narrow = QRPrinter(ink: .darkBackground, terminal: ScreenSize(width: 64, height: 50))
    #expect(!narrow.fits(matrix))
    #expect(
      !QRPrinter(ink: .darkBackground, terminal: ScreenSize(width: 80, height: 33)).fits(matrix))
    let message = narrow.tooSmallMessage(for: matrix)
    #expect(message.contains("at least 65 columns and 34 rows"))
    #expect(message.contains("This one is 64x50"))
  }
}
