import Foundation

/// Runs blocking work (sockets, processes) on its own thread and awaits it without holding one
/// of Swift concurrency's few pool threads (two on this machine), which would starve other tests.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    let thread = Thread { continuation.resume(returning: body()) }
    thread.start()
  }
}
