import Foundation

/// When a command that needs TikTok now (`token`, `refresh`, the UI's `r`) tries again after a
/// failure: transient failures only, with exponential backoff and full jitter, never before the
/// time TikTok asked for, and only while a retry can still finish before the one deadline.
public struct RetrySchedule: Equatable, Sendable {
  /// The deadline of a command that needs TikTok now, unless `--timeout` says otherwise.
  public static let defaultDeadline: TimeInterval = 20
  /// No retry starts with less than this left before the deadline: it could not finish.
  public static let minimumAttempt: TimeInterval = 1

  public var backoff: Backoff

  public init(backoff: Backoff = Backoff(base: 0.5, maximum: 8)) {
    self.backoff = backoff
  }

  /// When to try again after `error` ended retry number `attempt` (0 = the first try), given a
  /// random `unit` in [0, 1]; nil when the error is permanent or the deadline is too close.
  public func next(
    after error: DomainError, attempt: Int, now: Date, deadline: Date, unit: Double
  ) -> Date? {
    guard error.isTransient else { return nil }
    var at = now.addingTimeInterval(backoff.delay(attempt: attempt, unit: unit))
    if case .rateLimited(let until) = error { at = max(at, until) }
    return Self.fits(at, before: deadline) ? at : nil
  }

  /// Whether an attempt starting at `start` can still finish before `deadline`.
  public static func fits(_ start: Date, before deadline: Date) -> Bool {
    start.addingTimeInterval(minimumAttempt) <= deadline
  }
}
