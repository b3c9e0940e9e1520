import Foundation

/// Reads a QR code back from what a terminal shows (half-block text) and decodes it with a real
/// decoder, `zbarimg` (Debian `zbar-tools`), to prove that what tractok draws scans. It reads
/// the glyphs with its own table, apart from the drawing code: a mistake in one must not hide in
/// the other.
public enum QRScan {
  /// The decoder, when installed (`scripts/test` installs it).
  public static let decoder: String? = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Whether tests can decode; they skip with `missingDecoder` otherwise.
  public static var isAvailable: Bool { decoder != nil }
  public static let missingDecoder = "zbarimg is not installed (apt-get install zbar-tools)"

  /// Upper and lower half of each glyph's cell: whether the glyph inks it.
  private static let halves: [Character: (Bool, Bool)] = [
    "█": (true, true), "▀": (true, false), "▄": (false, true), " ": (false, false),
  ]

  /// The module grid that half-block rows show, two module rows per text row, short rows
  /// padded with blank cells. `inkIsDark`: whether the glyphs' ink is a dark module (drawn in
  /// dark on light) or a light one (drawn in light text on a dark terminal). Nil when a row
  /// holds any other character.
  public static func modules(halfBlocks rows: [String], inkIsDark: Bool) -> [[Bool]]? {
    let width = rows.map(\.count).max() ?? 0
    var grid: [[Bool]] = []
    for row in rows {
      var top: [Bool] = []
      var bottom: [Bool] = []
      for glyph in row + String(repeating: " ", count: width - row.count) {
        guard let (upper, lower) = halves[glyph] else { return nil }
        top.append(upper == inkIsDark)
        bottom.append(lower == inkIsDark)
      }
      grid += [top, bottom]
    }
    return grid
  }

  /// The drawings in text (printed lines, or a screen): runs of lines holding nothing but half
  /// blocks and spaces, blank lines trimmed from both ends, of at least 11 lines (a version 1
  /// code). Blank lines may sit inside: a quiet zone drawn in colours is all spaces.
  public static func drawings(in text: String) -> [[String]] {
    var runs: [[String]] = []
    var run: [String] = []
    func close() {
      let isBlank = { (line: String) in line.allSatisfy { $0 == " " } }
      let trimmed = Array(run.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
      if trimmed.count >= 11 { runs.append(trimmed) }
      run = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.allSatisfy({ halves[$0] != nil }) {
        run.append(String(line))
      } else {
        close()
      }
    }
    close()
    return runs
  }

  /// Decodes the codes in `modules` (true = dark) with zbarimg and returns their texts. The grid
  /// becomes a PBM image, `scale` pixels a module, inside `margin` modules of light, or of dark
  /// when `surroundIsDark` (a drawing on a dark terminal has only its own quiet zone).
  public static func decode(
    _ modules: [[Bool]], surroundIsDark: Bool = false, margin: Int = 4, scale: Int = 6
  ) throws -> [String] {
    guard let decoder else { return [] }
    let directory = TemporaryDirectory("tractok-qr")
    let path = directory.file("code.pbm")
    try pbm(modules, surroundIsDark: surroundIsDark, margin: margin, scale: scale)
      .write(to: URL(fileURLWithPath: path))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: decoder)
    process.arguments = ["--raw", "-q", path]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  /// A binary PBM (P4): 1 bits are black, rows padded to whole bytes.
  static func pbm(_ modules: [[Bool]], surroundIsDark: Bool, margin: Int, scale: Int) -> Data {
    let columns = (modules.map(\.count).max() ?? 0) + 2 * margin
    let rows = modules.count + 2 * margin
    func isDark(_ x: Int, _ y: Int) -> Bool {
      let (mx, my) = (x - margin, y - margin)
      guard my >= 0, my < modules.count, mx >= 0, mx < modules[my].count else {
        return surroundIsDark
      }
      return modules[my][mx]
    }
    let width = columns * scale
    var data = Data("P4\n\(width) \(rows * scale)\n".utf8)
    for y in 0..<(rows * scale) {
      var line = [UInt8](repeating: 0, count: (width + 7) / 8)
      for x in 0..<width where isDark(x / scale, y / scale) {
        line[x / 8] |= 0x80 >> UInt8(x % 8)
      }
      data.append(contentsOf: line)
    }
    return data
  }
}
