import Foundation

/// When a call may be sent again after a failure.
///
/// The rule for single-use inputs (a code is single-use; a refresh rotates the token): retry
/// only when TikTok certainly did not act on the request, that is when the transport proves it
/// never sent it (`TransportFailure.notSent`) or TikTok answered 429, which rejects a request
/// before processing it. A timeout, a broken connection or a 5xx may come after TikTok used the
/// code or rotated the token, so those go back to the caller, whose refresh engine re-reads the
/// stored token and tries again later with its own backoff.
public enum RetrySafety: Equatable, Sendable {
  /// Reads and calls whose repetition changes nothing: retry on network failures, timeouts,
  /// 5xx and 429.
  case idempotent
  /// Retry only on `notSent` and 429.
  case onlyIfNotProcessed
  /// Never retry inside the client (a poller that already loops at its own pace).
  case never
}

/// Bounds on retrying: how many attempts, how long between them, how long a server may ask
/// us to wait before the call gives up with `.rateLimited(until:)`.
public struct RetryPolicy: Equatable, Sendable {
  public var maximumAttempts: Int
  public var backoff: Backoff
  /// A `Retry-After` further away than this ends the call instead of sleeping.
  public var maximumWait: TimeInterval

  public init(
    maximumAttempts: Int = 4, backoff: Backoff = Backoff(base: 0.5, maximum: 8),
    maximumWait: TimeInterval = 30
  ) {
    self.maximumAttempts = max(1, maximumAttempts)
    self.backoff = backoff
    self.maximumWait = maximumWait
  }
}
