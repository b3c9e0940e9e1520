import Foundation

/// Runs blocking work (sockets, processes) on its own thread and awaits it without holding one
/// of Swift concurrency's few pool threads (two on this machine), which would starve other tests.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
  await Background(body).value()
}

/// Blocking work started at once on its own thread (not on Swift's pool, which long
/// synchronous tests may be holding); its result can be awaited later.
public final class Background<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var results: [T] = []

  public init(_ body: @escaping @Sendable () -> T) {
    Thread { [self] in
      results = [body()]
      done.signal()
    }.start()
  }

  /// Blocks the calling thread until the result is there.
  public func wait() -> T {
    done.wait()
    done.signal()
    // The semaphore orders the write of `results` before this read; it always holds one.
    guard let value = results.first else { return wait() }
    return value
  }

  /// The result, or nil when it is not there within `timeout` seconds (the work may be stuck:
  /// a test can then fail instead of hanging).
  public func wait(timeout: TimeInterval) -> T? {
    guard done.wait(timeout: .now() + timeout) == .success else { return nil }
    done.signal()
    return results.first
  }

  /// Waits for the result (on a thread of its own, so the pool stays free).
  public func value() async -> T {
    await withCheckedContinuation { continuation in
      Thread { [self] in
        done.wait()
        done.signal()
        // The semaphore orders the write of `results` before this read; it always holds one.
        if let value = results.first { continuation.resume(returning: value) }
      }.start()
    }
  }
}
