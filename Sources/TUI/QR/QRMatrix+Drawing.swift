extension QRMatrix {
  /// The half-block glyph for two stacked modules: each text row holds two module rows.
  public static func glyph(top: Bool, bottom: Bool) -> Character {
    switch (top, bottom) {
    case (true, true): "█"
    case (true, false): "▀"
    case (false, true): "▄"
    case (false, false): " "
    }
  }

  /// The two modules a half-block glyph stands for; nil for any other character.
  public static func modules(of glyph: Character) -> (top: Bool, bottom: Bool)? {
    switch glyph {
    case "█": (true, true)
    case "▀": (true, false)
    case "▄": (false, true)
    case " ": (false, false)
    default: nil
    }
  }

  /// The code with its quiet zone as rows of half blocks (`drawnSize`), the glyphs inking the
  /// dark modules. `inverted` inks the light ones instead: printed without colours, the
  /// terminal's light text on its dark background then shows the code the right way round.
  public func halfBlockRows(inverted: Bool = false) -> [[Character]] {
    let quiet = Self.quietZone
    let drawn = drawnSize
    return (0..<drawn.height).map { row in
      (0..<drawn.width).map { column in
        let x = column - quiet
        let top = isDark(x: x, y: 2 * row - quiet)
        let bottom = isDark(x: x, y: 2 * row + 1 - quiet)
        return Self.glyph(top: top != inverted, bottom: bottom != inverted)
      }
    }
  }
}

extension CellBuffer {
  /// Draws `matrix` with its quiet zone from `origin`, in the QR style (explicit light background
  /// and dark foreground where the terminal has colours, so it scans on any background).
  public mutating func drawQR(_ matrix: QRMatrix, at origin: Point) {
    for (row, glyphs) in matrix.halfBlockRows().enumerated() {
      for (column, glyph) in glyphs.enumerated() {
        put(glyph, at: Point(x: origin.x + column, y: origin.y + row), style: .qrModules)
      }
    }
  }
}
