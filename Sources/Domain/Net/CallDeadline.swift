import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Set once when the caller of an HTTP call gives up (its task was cancelled).
public final class CallCancellation: Sendable {
  private let cancelled = Atomic(false)

  public init() {}

  public func cancel() { cancelled.store(true, ordering: .relaxed) }

  public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// When one HTTP call must end, on the monotonic clock, and whether its caller gave up. The
/// socket and TLS layers wait on descriptors through it, so every wait ends at the deadline or
/// soon after a cancel.
public struct CallDeadline: Sendable {
  /// Seconds on CLOCK_MONOTONIC (wall-clock changes never stretch or cut a call).
  public let uptime: Double
  public let cancellation: CallCancellation

  public init(seconds: TimeInterval, cancellation: CallCancellation = CallCancellation()) {
    self.init(uptime: Self.now() + max(0, seconds), cancellation: cancellation)
  }

  private init(uptime: Double, cancellation: CallCancellation) {
    self.uptime = uptime
    self.cancellation = cancellation
  }

  /// The current CLOCK_MONOTONIC time in seconds.
  public static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  /// This deadline, or `seconds` from now when that comes first (a phase such as connecting).
  public func limited(to seconds: TimeInterval) -> CallDeadline {
    CallDeadline(uptime: min(uptime, Self.now() + seconds), cancellation: cancellation)
  }

  public var remaining: TimeInterval { uptime - Self.now() }

  /// How a wait on a descriptor ended.
  public enum Wait: Equatable, Sendable {
    case ready
    case timedOut
    case cancelled
  }

  /// Waits until `descriptor` is ready for `events` (POLLIN, POLLOUT; hang-ups and errors count
  /// as ready, the next read or write reports them), the deadline passes or the call is
  /// cancelled. Polls in slices of at most 50 ms so that a cancel is seen promptly.
  public func wait(_ descriptor: Int32, for events: Int16) -> Wait {
    while true {
      if cancellation.isCancelled { return .cancelled }
      let left = remaining
      guard left > 0 else { return .timedOut }
      var entry = pollfd(fd: descriptor, events: events, revents: 0)
      let ready = poll(&entry, 1, Int32(min(left, 0.05) * 1000) + 1)
      if ready > 0 { return .ready }
      if ready < 0 && errno != EINTR { return .ready }
    }
  }
}
