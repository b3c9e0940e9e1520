/// An error TikTok returned: an OAuth error (flat shape) or a Display API error (`error.code`).
public struct TikTokError: Error, Equatable, Sendable {
  /// TikTok's code: `invalid_grant`, `access_token_invalid`, `rate_limit_exceeded`, ...
  public var code: String
  /// TikTok's description, already sanitised.
  public var message: String
  /// TikTok's `log_id`, for support requests.
  public var logID: String?
  /// The HTTP status it came with (OAuth errors often come with 200).
  public var httpStatus: Int

  public init(code: String, message: String, logID: String? = nil, httpStatus: Int) {
    self.code = code
    self.message = UntrustedText.sanitize(message)
    self.logID = logID.map(UntrustedText.sanitize)
    self.httpStatus = httpStatus
  }

  /// Whether waiting and trying again may help.
  public var isTransient: Bool {
    code == "rate_limit_exceeded" || code == "internal_error" || code == "server_error"
      || code == "temporarily_unavailable" || httpStatus == 429 || httpStatus >= 500
  }
}
