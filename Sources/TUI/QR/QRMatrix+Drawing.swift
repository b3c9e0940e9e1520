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
}

extension CellBuffer {
  /// Draws `matrix` with its quiet zone from `origin`, in the QR style (explicit light background
  /// and dark foreground where the terminal has colours, so it scans on any background).
  public mutating func drawQR(_ matrix: QRMatrix, at origin: Point) {
    let quiet = QRMatrix.quietZone
    let drawn = matrix.drawnSize
    for row in 0..<drawn.height {
      for column in 0..<drawn.width {
        let x = column - quiet
        let top = matrix.isDark(x: x, y: 2 * row - quiet)
        let bottom = matrix.isDark(x: x, y: 2 * row + 1 - quiet)
        put(
          QRMatrix.glyph(top: top, bottom: bottom),
          at: Point(x: origin.x + column, y: origin.y + row), style: .qrModules)
      }
    }
  }
}
