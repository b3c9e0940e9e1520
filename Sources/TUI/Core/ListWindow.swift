/// A cursor over `count` rows and the first row shown, kept so the cursor stays in view. Lists
/// draw only `visibleRange`, so their cost does not grow with the number of rows.
public struct ListWindow: Equatable, Sendable {
  public private(set) var cursor = 0
  public private(set) var top = 0

  public init(cursor: Int = 0, top: Int = 0) {
    self.cursor = max(0, cursor)
    self.top = max(0, top)
  }

  /// Moves the cursor by `delta` rows, stopping at the ends.
  public mutating func move(by delta: Int, count: Int, visible: Int) {
    let (sum, overflow) = cursor.addingReportingOverflow(delta)
    moveTo(overflow ? (delta > 0 ? Int.max : 0) : sum, count: count, visible: visible)
  }

  /// Puts the cursor on `row` (clamped) and scrolls just enough to show it.
  public mutating func moveTo(_ row: Int, count: Int, visible: Int) {
    cursor = row
    clamp(count: count, visible: visible)
  }

  /// Scrolls by `delta` rows without moving the cursor out of view unless it must.
  public mutating func scroll(by delta: Int, count: Int, visible: Int) {
    let rows = max(1, visible)
    top = max(0, min(top + delta, count - rows))
    cursor = min(max(cursor, top), top + rows - 1)
    clamp(count: count, visible: visible)
  }

  /// Brings cursor and top back into range after the rows or the height changed.
  public mutating func clamp(count: Int, visible: Int) {
    let rows = max(1, visible)
    cursor = count == 0 ? 0 : min(max(0, cursor), count - 1)
    if cursor < top { top = cursor }
    if cursor >= top + rows { top = cursor - rows + 1 }
    top = max(0, min(top, count - rows))
  }

  /// The rows on screen.
  public func visibleRange(count: Int, visible: Int) -> Range<Int> {
    let start = min(top, count)
    return start..<min(count, start + max(0, visible))
  }
}
