import Foundation

/// TikTok's OAuth, QR login and Display API, typed: every answer is a value or a `DomainError`.
///
/// All calls pass the endpoint's token bucket, are logged (without secrets) and retried only as
/// `RetrySafety` allows. Text from TikTok is sanitised before it leaves the client.
public struct TikTokClient: Sendable {
  public let apiBaseURL: String
  public let credentials: ClientCredentials
  let transport: any HTTPTransport
  let log: any RequestLog
  let limiter: RateLimiter
  let retry: RetryPolicy
  let clock: any NetClock
  let jitter: JitterSource
  let timeout: TimeInterval
  let holds: (any EndpointHolds)?

  /// - Parameters:
  ///   - apiBaseURL: where `/v2/oauth/...`, `/v2/user/...` and `/v2/video/...` live.
  ///   - timeout: the deadline of each attempt, connect to last body byte.
  ///   - limiter: the app's request budget (one per app: TikTok counts per app).
  ///   - holds: where waits TikTok asked for are shared with other processes.
  public init(
    apiBaseURL: String, credentials: ClientCredentials, transport: any HTTPTransport,
    log: any RequestLog = NoRequestLog(), limiter: RateLimiter = RateLimiter(),
    retry: RetryPolicy = RetryPolicy(), clock: any NetClock = SystemNetClock(),
    jitter: @escaping JitterSource = systemJitter, timeout: TimeInterval = 30,
    holds: (any EndpointHolds)? = nil
  ) {
    var base = apiBaseURL
    while base.hasSuffix("/") { base.removeLast() }
    self.apiBaseURL = base
    self.credentials = credentials
    self.transport = transport
    self.log = log
    self.limiter = limiter
    self.retry = retry
    self.clock = clock
    self.jitter = jitter
    self.timeout = timeout
    self.holds = holds
  }

  /// Sends a form-encoded POST, retried as `safety` (default: the endpoint's) allows, ended
  /// by `deadline` when one is given, each request only when `maySend` (if given) agrees.
  func postForm(
    _ endpoint: TikTokEndpoint, _ fields: [(name: String, value: String)],
    safety: RetrySafety? = nil, deadline: Date? = nil, maySend: (@Sendable () -> Bool)? = nil
  ) async throws(DomainError) -> HTTPResponse {
    let request = ClientRequest(
      method: "POST", url: apiBaseURL + endpoint.path,
      headers: [
        ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
        ("Cache-Control", "no-cache"),
      ],
      body: Array(FormEncoding.encode(fields).utf8), timeout: timeout)
    return try await send(
      endpoint, request, safety: safety ?? endpoint.retrySafety, deadline: deadline,
      maySend: maySend)
  }

  /// Sends a Display API call with the bearer token, `fields` in the query.
  func sendAPI(
    _ endpoint: TikTokEndpoint, fields: [String], accessToken: Secret, json: [UInt8]? = nil
  ) async throws(DomainError) -> HTTPResponse {
    var headers: [(name: String, value: String)] = [
      ("Authorization", "Bearer \(accessToken.reveal)"), ("Accept", "application/json"),
    ]
    if json != nil { headers.append(("Content-Type", "application/json")) }
    let query = FormEncoding.encode([("fields", fields.joined(separator: ","))])
    let request = ClientRequest(
      method: endpoint.method, url: "\(apiBaseURL)\(endpoint.path)?\(query)", headers: headers,
      body: json ?? [], timeout: timeout)
    return try await send(
      endpoint, request, safety: endpoint.retrySafety, deadline: nil, maySend: nil)
  }

  /// Sends `request`, retrying as `safety` allows. Returns the final HTTP response, whatever
  /// its status, for the endpoint's decoder; throws for no response, 429 or cancellation. With
  /// a `deadline`, no attempt outlives it and no wait or retry starts that could not finish
  /// before it. `maySend` is asked last before each request leaves: no means cancelled.
  func send(
    _ endpoint: TikTokEndpoint, _ request: ClientRequest, safety: RetrySafety, deadline: Date?,
    maySend: (@Sendable () -> Bool)?
  ) async throws(DomainError) -> HTTPResponse {
    var attempt = 0
    while true {
      attempt += 1
      let hasAttemptsLeft = attempt < retry.maximumAttempts
      try await limiter.acquire(endpoint.path)
      try await respectHold(endpoint, deadline: deadline)
      var sent = request
      if let deadline {
        let left = deadline.timeIntervalSince(clock.now())
        guard left > 0 else { throw DomainError.timedOut("the call to \(endpoint.path)") }
        sent.timeout = min(request.timeout, left)
      }
      if let maySend, !maySend() { throw DomainError.cancelled }
      let started = clock.now()
      let result = await transport.send(sent)
      record(request, result, started: started, attempt: attempt)
      switch result {
      case .failure(let failure):
        let wait = retry.backoff.delay(attempt: attempt - 1, unit: jitter())
        guard hasAttemptsLeft, safety.mayRetry(after: failure), mayWait(wait, deadline) else {
          throw Self.domainError(for: failure, endpoint: endpoint)
        }
        try await clock.sleep(for: wait)
      case .success(let response):
        let retryAfter = response.header("Retry-After").flatMap {
          RetryAfter.date(from: $0, now: clock.now())
        }
        if response.status == 429 {
          let until =
            retryAfter
            ?? clock.now().addingTimeInterval(
              retry.backoff.delay(attempt: attempt - 1, unit: jitter()))
          limiter.bucket(for: endpoint.path).pause(until: until)
          holds?.record(
            endpoint.path, app: credentials.clientKey, until: until,
            reason: "HTTP 429 from \(endpoint.path)")
          let wait = until.timeIntervalSince(clock.now())
          guard hasAttemptsLeft, safety.mayRetry(afterStatus: 429), mayWait(wait, deadline)
          else { throw DomainError.rateLimited(until: until) }
          try await clock.sleep(for: wait)
          continue
        }
        guard hasAttemptsLeft, safety.mayRetry(afterStatus: response.status) else {
          return response
        }
        let backoff = retry.backoff.delay(attempt: attempt - 1, unit: jitter())
        let wait = retryAfter.map { $0.timeIntervalSince(clock.now()) } ?? backoff
        guard mayWait(wait, deadline) else { return response }
        try await clock.sleep(for: wait)
      }
    }
  }

  /// Whether the client may sleep `wait` seconds before trying again: no longer than the
  /// policy allows, and leaving time for the attempt before the deadline.
  private func mayWait(_ wait: TimeInterval, _ deadline: Date?) -> Bool {
    guard wait <= retry.maximumWait else { return false }
    guard let deadline else { return true }
    return RetrySchedule.fits(clock.now().addingTimeInterval(max(0, wait)), before: deadline)
  }

  /// Waits out a hold another process recorded, or gives up when it is longer than the
  /// client may sleep.
  private func respectHold(_ endpoint: TikTokEndpoint, deadline: Date?) async throws(DomainError)
  {
    guard let until = holds?.hold(for: endpoint.path, app: credentials.clientKey, now: clock.now())
    else { return }
    let wait = until.timeIntervalSince(clock.now())
    guard mayWait(wait, deadline) else { throw DomainError.rateLimited(until: until) }
    try await clock.sleep(for: wait)
  }

  private func record(
    _ request: ClientRequest, _ result: Result<HTTPResponse, TransportFailure>, started: Date,
    attempt: Int
  ) {
    let elapsed = max(0, clock.now().timeIntervalSince(started))
    var status: Int?
    var failure: String?
    var logID: String?
    switch result {
    case .success(let response):
      status = response.status
      logID = Self.logID(in: response)
    case .failure(let reason): failure = Self.describe(reason)
    }
    log.record(
      RequestLogEntry(
        date: started, method: request.method, url: request.url, status: status, failure: failure,
        durationMilliseconds: Int(min(elapsed * 1000, 1e9)), logID: logID, attempt: attempt))
  }

  /// TikTok's `log_id`: the `X-Tt-Logid` header, else the body's (flat or under `error`).
  static func logID(in response: HTTPResponse) -> String? {
    if let header = response.header("X-Tt-Logid"), !header.isEmpty { return header }
    guard let root = JSONValue.parse(response.body)?.object else { return nil }
    if case .string(let id)? = root["log_id"] { return id }
    if case .object(let error)? = root["error"], case .string(let id)? = error["log_id"] {
      return id
    }
    return nil
  }

  static func describe(_ failure: TransportFailure) -> String {
    switch failure {
    case .notSent(let why), .interrupted(let why), .untrusted(let why): why
    case .timedOut: "timed out"
    case .responseTooLarge: "response too large"
    case .cancelled: "cancelled"
    }
  }

  static func domainError(for failure: TransportFailure, endpoint: TikTokEndpoint) -> DomainError {
    switch failure {
    case .notSent(let why), .interrupted(let why), .untrusted(let why): .network(why)
    case .timedOut: .timedOut("the call to \(endpoint.path)")
    case .responseTooLarge: .malformedResponse("the answer from \(endpoint.path) is too large")
    case .cancelled: .cancelled
    }
  }
}
