/// A TikTok endpoint the sandbox serves; faults and ledger counts are kept per endpoint.
public enum SandboxEndpoint: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
  case authorize
  case token
  case revoke
  case userInfo = "user_info"
  case videoList = "video_list"
  case getQRCode = "get_qrcode"
  case checkQRCode = "check_qrcode"

  /// The path TikTok serves it on (trailing slash included, as TikTok requires).
  public var path: String {
    switch self {
    case .authorize: "/v2/auth/authorize/"
    case .token: "/v2/oauth/token/"
    case .revoke: "/v2/oauth/revoke/"
    case .userInfo: "/v2/user/info/"
    case .videoList: "/v2/video/list/"
    case .getQRCode: "/v2/oauth/get_qrcode/"
    case .checkQRCode: "/v2/oauth/check_qrcode/"
    }
  }

  /// Which of TikTok's error shapes the endpoint answers with.
  var errorShape: ErrorShape {
    switch self {
    case .authorize: .page
    case .token, .revoke, .getQRCode, .checkQRCode: .oauth
    case .userInfo, .videoList: .api
    }
  }

  /// TikTok's two JSON error shapes, plus the browser-facing authorize page.
  enum ErrorShape {
    /// Flat `{error, error_description, log_id}`.
    case oauth
    /// `{data:{}, error:{code, message, log_id}}`.
    case api
    /// An HTML page.
    case page
  }
}

/// Something to go wrong on the next requests to an endpoint, for testing a client's resilience.
///
/// Faults that replace the answer (status codes, canned errors, stall) leave the sandbox's state
/// untouched, as if TikTok never acted. Faults that garble a real answer (malformed, truncated,
/// wrong types, absurd numbers) build it and then roll the state back, so the tokens in the
/// garbled body never work and the ones the client holds stay valid.
public enum SandboxFault: Sendable, Equatable, Codable {
  /// Answer with this HTTP status (500, 502, 503) and the endpoint's error body.
  case httpStatus(Int)
  /// Answer 429 `rate_limit_exceeded`, with `Retry-After: seconds` when given.
  case rateLimited(retryAfter: Int?)
  /// Wait this long, then answer normally.
  case delay(milliseconds: Int)
  /// Never answer; hold the connection until the server stops (or a safety cap passes).
  case stall
  /// Answer 200 with a body that is not JSON.
  case malformedJSON
  /// Answer 200 with the real body cut in half.
  case truncatedJSON
  /// Answer with every number and boolean turned into a string (e.g. `"expires_in":"7200"`).
  case wrongTypes
  /// Answer with every integer replaced by this value (e.g. -5 or 10^15).
  case absurdNumbers(Int64)
  /// Answer `invalid_grant` in the endpoint's error shape.
  case invalidGrant
  /// Answer `access_token_invalid` (401 on API endpoints).
  case accessTokenInvalid
  /// Answer `scope_not_authorized` (401 on API endpoints).
  case scopeNotAuthorized
  /// On a refresh: issue a new access token but no refresh token, keeping the old one valid.
  case missingRefreshToken
  /// Answer an error body with HTTP 200 (`server_error` or `internal_error`).
  case errorWithStatus200
  /// On check_qrcode: echo a client_ticket other than the one the app put into the URL.
  case wrongClientTicket

  /// Whether the fault garbles a real answer, whose side effects are then rolled back.
  var garblesAnswer: Bool {
    switch self {
    case .malformedJSON, .truncatedJSON, .wrongTypes, .absurdNumbers: true
    default: false
    }
  }

  /// Reads a fault from the control endpoint's JSON: `kind` plus its parameters.
  static func from(_ json: SandboxJSON) -> Result<SandboxFault, SandboxError> {
    guard let kind = json["kind"]?.stringValue else { return .failure(.invalidControl("kind")) }
    switch kind {
    case "http_status":
      guard let status = json["status"]?.intValue, (100...599).contains(status) else {
        return .failure(.invalidControl("status"))
      }
      return .success(.httpStatus(Int(status)))
    case "rate_limited":
      let retryAfter = json["retry_after"]
      if let retryAfter, retryAfter != .null, retryAfter.intValue == nil {
        return .failure(.invalidControl("retry_after"))
      }
      return .success(.rateLimited(retryAfter: retryAfter?.intValue.map { Int($0) }))
    case "delay":
      guard let delay = json["delay_ms"]?.intValue, (0...600_000).contains(delay) else {
        return .failure(.invalidControl("delay_ms"))
      }
      return .success(.delay(milliseconds: Int(delay)))
    case "absurd_numbers":
      if let value = json["value"], value.intValue == nil {
        return .failure(.invalidControl("value"))
      }
      return .success(.absurdNumbers(json["value"]?.intValue ?? -5))
    default:
      guard let fault = plainKinds[kind] else { return .failure(.invalidControl("kind")) }
      return .success(fault)
    }
  }

  /// Fault kinds that take no parameters, by their control-endpoint name.
  static let plainKinds: [String: SandboxFault] = [
    "stall": .stall, "malformed_json": .malformedJSON, "truncated_json": .truncatedJSON,
    "wrong_types": .wrongTypes, "invalid_grant": .invalidGrant,
    "access_token_invalid": .accessTokenInvalid, "scope_not_authorized": .scopeNotAuthorized,
    "missing_refresh_token": .missingRefreshToken, "error_status_200": .errorWithStatus200,
    "wrong_client_ticket": .wrongClientTicket,
  ]

  /// Every kind the control endpoint accepts, with its parameters, for the index page.
  static var kindSummary: String {
    ([
      "http_status(status)", "rate_limited(retry_after?)", "delay(delay_ms)",
      "absurd_numbers(value?)",
    ]
      + plainKinds.keys.sorted()).joined(separator: ", ")
  }
}

/// Why a sandbox control action (approve, QR phone, control endpoint) was refused.
public enum SandboxError: Error, Equatable, Sendable {
  /// The authorize request is bad; TikTok's page would name this parameter.
  case invalidParameter(String)
  /// No sandbox account has this open_id or username.
  case unknownAccount(String)
  /// Approve was pressed with every permission unticked.
  case noScopeGranted
  /// No QR code has this token.
  case unknownQRCode
  /// The QR code's lifetime has passed.
  case qrCodeExpired
  /// The QR code must be scanned before it can be confirmed or declined.
  case qrCodeNotScanned
  /// The QR code was already confirmed.
  case qrCodeAlreadyConfirmed
  /// The scanned URL is not the one get_qrcode returned with only `tobefilled` replaced.
  case scanURLMismatch
  /// A control request is malformed; names the offending field.
  case invalidControl(String)
  /// The state file shared with other processes could not be locked or written.
  case stateFileUnavailable

  /// One sentence for pages and control answers.
  public var message: String {
    switch self {
    case .invalidParameter(let name): "correct the following and try again: \(name)"
    case .unknownAccount: "no sandbox account has that open_id or username"
    case .noScopeGranted: "select at least one permission"
    case .unknownQRCode: "no QR code has that token"
    case .qrCodeExpired: "the QR code has expired"
    case .qrCodeNotScanned: "scan the QR code first"
    case .qrCodeAlreadyConfirmed: "the QR code was already confirmed"
    case .scanURLMismatch:
      "the scanned URL differs from the one get_qrcode returned (only tobefilled may change)"
    case .invalidControl(let field): "invalid or missing field: \(field)"
    case .stateFileUnavailable: "the sandbox's shared state file could not be locked or written"
    }
  }
}
