/// What a cell means on screen; the `Theme` turns it into colours and attributes, so render and
/// snapshots stay independent of the terminal's colour support.
public enum Style: UInt8, CaseIterable, Sendable {
  case plain
  case dim
  case strong
  case title
  case border
  case headerBar
  case headerStrong
  case cursorRow
  case currentMark
  case key
  case input
  case link
  case notice
  case errorText
  case successText
  case warningText
  case sandbox
  case badgeActive
  case badgeRefreshing
  case badgeExpiring
  case badgeError
  case badgeExpired
  case badgeRevoked
  case badgeOverLimit
  /// QR modules: dark foreground on a light background so phones can scan it on any terminal.
  case qrModules
}

/// How many columns a cell's grapheme covers.
public enum CellWidth: UInt8, Sendable {
  case single
  /// The first column of a two-column grapheme.
  case double
  /// The second column of a two-column grapheme: it holds nothing of its own, so the screen never
  /// writes it (ncurses fills it when it writes the wide grapheme to its left).
  case continuation
}

/// One terminal cell: a grapheme (at most `TerminalText.maxScalarsPerCell` scalars) and its style.
public struct Cell: Equatable, Sendable {
  public var grapheme: Character
  public var style: Style
  public var width: CellWidth

  public init(_ grapheme: Character, style: Style = .plain, width: CellWidth = .single) {
    self.grapheme = grapheme
    self.style = style
    self.width = width
  }

  /// An empty cell in the given style.
  public static func blank(_ style: Style = .plain) -> Cell { Cell(" ", style: style) }
}

/// A run of cells on one row that the screen wraps in an OSC 8 hyperlink to `url`.
public struct LinkRun: Equatable, Sendable {
  public var url: String
  public var y: Int
  public var x: Int
  public var width: Int

  public init(url: String, y: Int, x: Int, width: Int) {
    self.url = url
    self.y = y
    self.x = x
    self.width = width
  }
}

/// A cell that differs from the previous frame, with where it goes.
public struct CellChange: Equatable, Sendable {
  public var x: Int
  public var y: Int
  public var cell: Cell

  public init(x: Int, y: Int, cell: Cell) {
    self.x = x
    self.y = y
    self.cell = cell
  }
}
