import Foundation

/// A screen without a terminal: it keeps what a terminal would show, reads scripted input, and
/// otherwise sleeps on the mailbox. Background UIs (stress tests) and loop tests run on it.
public final class HeadlessScreen: TerminalScreen {
  public private(set) var size: ScreenSize
  /// The cells as a terminal that received every `draw` would show them.
  public private(set) var display: CellBuffer
  /// Texts copied with OSC 52.
  public private(set) var clipboard: [String] = []
  /// Cells written so far, for checking that only changes are sent.
  public private(set) var cellsWritten = 0
  /// Cells written per frame, oldest first.
  public private(set) var frameChanges: [Int] = []
  private var script: [InputEvent]

  /// A screen of `size` that feeds `input` to the loop, one event per turn.
  public init(size: ScreenSize, input: [InputEvent] = []) {
    self.size = size
    display = CellBuffer(size: size)
    script = input
  }

  /// Queues more input (tests on the loop's thread).
  public func feed(_ events: [InputEvent]) { script += events }

  public func readInput(timeout: TimeInterval, mailbox: Mailbox) -> [InputEvent] {
    guard script.isEmpty else {
      let event = script.removeFirst()
      if case .resized(let newSize) = event { size = newSize }
      return [event]
    }
    mailbox.wait(timeout: timeout)
    return []
  }

  public func draw(_ changes: [CellChange], frame: CellBuffer, fullRepaint: Bool) {
    if fullRepaint || display.size != frame.size { display = CellBuffer(size: frame.size) }
    for change in changes { display.apply(change) }
    cellsWritten += changes.count
    frameChanges.append(changes.count)
  }

  public func copyToClipboard(_ text: String) { clipboard.append(text) }
}
