import Foundation

/// When the client itself may send a call again after a failure.
///
/// A refresh rotates the token: the client retries it only when TikTok certainly did not act
/// on the request, that is when the transport proves it never sent it
/// (`TransportFailure.notSent`) or TikTok answered 429, which rejects a request before
/// processing it. Everything else goes back to the refresh engine, which records each attempt
/// in flight before it leaves and retries within the command's deadline. A code is single-use
/// but not rotating: after a 5xx TikTok has answered that it failed, and a resent code it did
/// use only gets `invalid_grant`; after a timeout or a broken connection its answer may be
/// lost, so the code is not resent then.
public enum RetrySafety: Equatable, Sendable {
  /// Reads and calls whose repetition changes nothing: retry on network failures, timeouts,
  /// 5xx and 429.
  case idempotent
  /// A code exchange: retry on `notSent`, 429 and 5xx, never when an answer may be lost.
  case unlessAnswerLost
  /// A refresh: retry only on `notSent` and 429.
  case onlyIfNotProcessed
  /// Never retry inside the client (a poller that already loops at its own pace).
  case never
}

extension RetrySafety {
  /// Whether retrying after `failure` is safe.
  func mayRetry(after failure: TransportFailure) -> Bool {
    switch (self, failure) {
    case (_, .cancelled), (_, .responseTooLarge), (_, .untrusted), (.never, _): false
    case (.idempotent, _): true
    case (.unlessAnswerLost, _), (.onlyIfNotProcessed, _): failure.provablyNotSent
    }
  }

  /// Whether retrying after an HTTP status is safe.
  func mayRetry(afterStatus status: Int) -> Bool {
    switch self {
    case .never: false
    case .onlyIfNotProcessed: status == 429
    case .idempotent, .unlessAnswerLost: status == 429 || (500...599).contains(status)
    }
  }
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
