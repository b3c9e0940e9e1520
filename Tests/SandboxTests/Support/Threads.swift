import Foundation
import Synchronization
import Testing

/// Runs work on many real threads at once (a dispatch pool would cap them at the core count).
enum Threads {
  /// Runs `work(index)` for every index in `0..<count`, each on its own thread, and waits up to
  /// `timeout` seconds for all of them; a timeout is recorded as an issue.
  static func run(
    _ count: Int, timeout: TimeInterval = 120, _ work: @escaping @Sendable (Int) -> Void
  ) {
    let group = DispatchGroup()
    for index in 0..<count {
      group.enter()
      Thread {
        work(index)
        group.leave()
      }.start()
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
      Issue.record("threads did not finish within \(timeout) s")
    }
  }
}

/// A value that threads share, behind a lock.
final class Shared<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>

  init(_ value: Value) { mutex = Mutex(value) }

  var value: Value { mutex.withLock { $0 } }

  func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}
