import Foundation
import Synchronization

/// Input as the loop sees it.
public enum InputEvent: Equatable, Sendable {
  case key(Key)
  case mouse(MouseEvent)
  case resized(ScreenSize)
}

/// Where the loop draws and reads input: the real terminal (`NcursesScreen`) or a stand-in
/// without one (`HeadlessScreen`, for background UIs in stress tests and for loop tests).
public protocol TerminalScreen: AnyObject {
  var size: ScreenSize { get }
  /// Waits up to `timeout` seconds for input and returns what arrived (maybe nothing); it
  /// wakes as soon as a result is posted to `mailbox`.
  func readInput(timeout: TimeInterval, mailbox: Mailbox) -> [InputEvent]
  /// Writes the changed cells of `frame`; `fullRepaint` after a resize (the terminal's content
  /// is unknown, so everything is redrawn).
  func draw(_ changes: [CellChange], frame: CellBuffer, fullRepaint: Bool)
  /// Puts `text` on the clipboard of the user's terminal (OSC 52).
  func copyToClipboard(_ text: String)
}

/// Performs effects against the domain and posts their results back. Called on the loop's
/// thread; it must not block: start the work with `Task.detached` (a plain `Task {}` from the
/// main actor would not run while the main thread waits for input) and call `post` when done.
public protocol EffectRunning {
  func run(_ effect: Effect, post: @escaping @Sendable (Msg) -> Void)
}

/// The thread-safe inbox of the loop: results from the runner and signals land here.
public final class Mailbox: Sendable {
  private let messages = Mutex<[Msg]>([])
  private let arrivals = DispatchSemaphore(value: 0)
  /// A pipe that turns readable when something is posted, so a screen waiting for keys with
  /// poll(2) wakes for results too (`wakeDescriptor`); -1 where no pipe could be made.
  private let wake: (read: Int32, write: Int32)

  public init() {
    // Made before the UI starts any child process (pipe2 is not in Swift's Glibc module).
    var ends: [Int32] = [-1, -1]
    if pipe(&ends) == 0 {
      for end in ends {
        _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
      }
    }
    wake = (ends[0], ends[1])
  }

  deinit {
    close(wake.read)
    close(wake.write)
  }

  /// Readable while something posted has not been drained.
  public var wakeDescriptor: Int32 { wake.read }

  /// Adds a message; callable from any thread.
  public func post(_ msg: Msg) {
    messages.withLock { $0.append(msg) }
    arrivals.signal()
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)  // a full pipe already wakes the reader
  }

  /// Takes every message posted so far, oldest first.
  public func drain() -> [Msg] {
    var bytes = [UInt8](repeating: 0, count: 4096)
    while read(wake.read, &bytes, bytes.count) > 0 {}
    return messages.withLock { queued in
      defer { queued.removeAll(keepingCapacity: true) }
      return queued
    }
  }

  /// Waits until something is posted or `timeout` seconds pass; true if something was posted.
  @discardableResult
  public func wait(timeout: TimeInterval) -> Bool {
    arrivals.wait(timeout: .now() + timeout) == .success
  }
}
