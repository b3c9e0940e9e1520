import Domain
import Foundation
import Storage

/// What `token` and `refresh` share as commands that need TikTok now: the `--timeout` option
/// and the message they fail with.
enum RefreshDeadline {
  /// The option line of their `--help`.
  static let help = """
      --timeout SECONDS     give up after this long (default \(Int(RetrySchedule.defaultDeadline))); until then, passing
                            failures (5xx, network errors, timeouts, 429) are retried with
                            backoff, and a refresh by another process is waited for
    """

  /// `--timeout SECONDS`, or the default deadline.
  static func timeout(_ arguments: Arguments) throws(CommandFailure) -> TimeInterval {
    let seconds = try arguments.wholeNumber("--timeout", in: 1...Arguments.longestDuration)
    return seconds.map(TimeInterval.init) ?? RetrySchedule.defaultDeadline
  }

  /// The last error, and, when it may pass, the next automatic attempt stored for the account.
  static func message(_ error: DomainError, openID: String, store: Store) -> String {
    guard error.isTransient, let next = (try? store.account(openID))??.nextAttemptAt,
      next > Date()
    else { return error.message }
    return "\(error.message); next attempt after \(ISO8601.text(next))"
  }
}
