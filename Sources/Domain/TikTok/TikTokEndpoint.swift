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

/// The TikTok endpoints tractok calls (paths with TikTok's trailing slashes).
public enum TikTokEndpoint: String, CaseIterable, Sendable {
  case token = "/v2/oauth/token/"
  case revoke = "/v2/oauth/revoke/"
  case getQRCode = "/v2/oauth/get_qrcode/"
  case checkQRCode = "/v2/oauth/check_qrcode/"
  case userInfo = "/v2/user/info/"
  case videoList = "/v2/video/list/"

  /// The path, also the key of the endpoint's rate-limit bucket.
  public var path: String { rawValue }

  public var method: String { self == .userInfo ? "GET" : "POST" }

  /// See `RetrySafety`: a code exchange or refresh must not reach TikTok twice.
  public var retrySafety: RetrySafety {
    switch self {
    case .token: .onlyIfNotProcessed
    // Revoking twice is harmless: the second answer says the token is already invalid.
    case .revoke, .userInfo, .videoList: .idempotent
    // A fresh QR code that was never shown costs nothing.
    case .getQRCode: .idempotent
    // A lost "confirmed" would come back as "utilised"; the poller decides, at its own pace.
    case .checkQRCode: .never
    }
  }

  /// Whether retrying after `failure` is safe for this endpoint.
  func mayRetry(after failure: TransportFailure) -> Bool {
    switch (retrySafety, failure) {
    case (_, .cancelled), (_, .responseTooLarge), (.never, _): false
    case (.idempotent, _): true
    case (.onlyIfNotProcessed, _): failure.provablyNotSent
    }
  }

  /// Whether retrying after an HTTP status is safe for this endpoint.
  func mayRetry(afterStatus status: Int) -> Bool {
    switch retrySafety {
    case .never: false
    case .onlyIfNotProcessed: status == 429
    case .idempotent: status == 429 || (500...599).contains(status)
    }
  }
}
