/// An off-screen grid of cells that render draws into; the screen flushes only what changed.
///
/// Every write clips to the buffer (and to an optional rectangle) and never wraps. A two-column
/// grapheme occupies its cell plus a continuation cell; overwriting either half blanks the other,
/// so a wide grapheme is never left half drawn.
public struct CellBuffer: Equatable, Sendable {
  public private(set) var width: Int
  public private(set) var height: Int
  private var cells: [Cell]
  /// Runs of cells the screen wraps in OSC 8 hyperlinks.
  public private(set) var links: [LinkRun] = []

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank(), count: self.width * self.height)
  }

  public init(size: ScreenSize) { self.init(width: size.width, height: size.height) }

  public var size: ScreenSize { ScreenSize(width: width, height: height) }
  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  /// Blanks every cell and forgets links, resizing first when `size` differs; keeps storage.
  public mutating func reset(to size: ScreenSize) {
    links.removeAll(keepingCapacity: true)
    if size.width == width && size.height == height {
      for index in cells.indices { cells[index] = .blank() }
      return
    }
    width = size.width
    height = size.height
    cells = Array(repeating: .blank(), count: width * height)
  }

  /// The cell at column `x`, row `y`; a blank cell outside the buffer.
  public subscript(x: Int, y: Int) -> Cell {
    guard x >= 0, y >= 0, x < width, y < height else { return .blank() }
    return cells[y * width + x]
  }

  /// Writes untrusted or trusted `text` from `point` on one row, clipped to `clip` (and the
  /// buffer). Text is sanitised on the way in. With `ellipsis`, cut text ends in `…`.
  /// Returns the column after the last one written.
  @discardableResult
  public mutating func write(
    _ text: String, at point: Point, style: Style, clip: Rect? = nil, ellipsis: Bool = false
  ) -> Int {
    let area = (clip ?? bounds).intersection(bounds)
    guard point.y >= area.minY, point.y < area.maxY else { return point.x }
    var x = point.x
    var overflowed = false
    TerminalText.forEachGrapheme(in: text) { grapheme, columns in
      if x + columns > area.maxX {
        overflowed = true
        return false
      }
      if x < area.minX {
        // A wide grapheme cut by the left edge shows as a blank in its visible half.
        if x + columns > area.minX { place(.blank(style), x: area.minX, y: point.y) }
      } else {
        place(
          Cell(grapheme, style: style, width: columns == 2 ? .double : .single), x: x, y: point.y)
      }
      x += columns
      return true
    }
    if overflowed && ellipsis {
      var column = x < area.maxX ? x : x - 1
      // Over the second half of a wide grapheme, the ellipsis replaces the whole grapheme.
      if column > 0, self[column, point.y].width == .continuation { column -= 1 }
      if column >= max(point.x, area.minX) {
        place(Cell("…", style: style), x: column, y: point.y)
        x = column + 1
      }
    }
    return x
  }

  /// Puts one trusted grapheme (box drawing, QR blocks, badge glyphs) at `point` if it fits.
  public mutating func put(_ grapheme: Character, at point: Point, style: Style) {
    let columns = TerminalText.width(of: grapheme)
    guard columns > 0, point.y >= 0, point.y < height, point.x >= 0,
      point.x + columns <= width
    else { return }
    place(
      Cell(grapheme, style: style, width: columns == 2 ? .double : .single), x: point.x, y: point.y)
  }

  /// Repeats a one-column grapheme along a row, clipped to the buffer.
  public mutating func horizontalLine(
    _ grapheme: Character, y: Int, x: Int, width count: Int, style: Style
  ) {
    guard y >= 0, y < height else { return }
    for column in max(0, x)..<max(max(0, x), min(width, x + count)) {
      put(grapheme, at: Point(x: column, y: y), style: style)
    }
  }

  /// Blanks `rect` in `style`, first blanking the outer halves of wide graphemes it cuts.
  public mutating func fill(_ rect: Rect, style: Style) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    for y in area.minY..<area.maxY {
      for x in area.minX..<area.maxX { place(.blank(style), x: x, y: y) }
    }
  }

  /// Marks `width` cells from `x` on row `y` as a hyperlink to `url`, clipped to the buffer.
  public mutating func addLink(url: String, y: Int, x: Int, width count: Int) {
    let left = max(0, x)
    let right = min(width, x + count)
    guard y >= 0, y < height, right > left else { return }
    links.append(LinkRun(url: url, y: y, x: left, width: right - left))
  }

  /// The row as text, one character per column (continuation cells add nothing), for tests.
  public func rowText(_ y: Int) -> String {
    guard y >= 0, y < height else { return "" }
    var text = ""
    for x in 0..<width {
      let cell = cells[y * width + x]
      if cell.width != .continuation { text.append(cell.grapheme) }
    }
    return text
  }

  /// Cells that differ from `old`, in row order; everything when the sizes differ. A changed
  /// continuation cell reports its wide grapheme instead, because only that can be written.
  public func diff(from old: CellBuffer) -> [CellChange] {
    var changes: [CellChange] = []
    let sameSize = old.width == width && old.height == height
    var lastIndex = -1
    for index in cells.indices {
      if sameSize && cells[index] == old.cells[index] { continue }
      var source = index
      if cells[index].width == .continuation {
        source = index - 1
        guard source >= 0, source > lastIndex, cells[source].width == .double else { continue }
      }
      lastIndex = source
      changes.append(CellChange(x: source % width, y: source / width, cell: cells[source]))
    }
    return changes
  }

  /// Writes a change as a terminal receives it; a wide grapheme fills its continuation cell.
  public mutating func apply(_ change: CellChange) {
    guard change.x >= 0, change.y >= 0, change.x < width, change.y < height,
      change.cell.width != .continuation, change.cell.width == .single || change.x + 1 < width
    else { return }
    place(change.cell, x: change.x, y: change.y)
  }

  /// Sets one cell, keeping wide graphemes whole: a half that loses its partner becomes blank.
  private mutating func place(_ cell: Cell, x: Int, y: Int) {
    let index = y * width + x
    if cells[index].width == .continuation, x > 0 {
      cells[index - 1] = .blank(cells[index - 1].style)
    }
    if cells[index].width == .double, x + 1 < width {
      cells[index + 1] = .blank(cells[index + 1].style)
    }
    cells[index] = cell
    guard cell.width == .double, x + 1 < width else { return }
    if cells[index + 1].width == .double, x + 2 < width {
      cells[index + 2] = .blank(cells[index + 2].style)
    }
    cells[index + 1] = Cell(" ", style: cell.style, width: .continuation)
  }
}
