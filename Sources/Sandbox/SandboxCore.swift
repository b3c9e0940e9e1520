import Domain
import Foundation
import Synchronization

/// The sandbox's request handler: routing, faults, the lock around its state, and the ledger.
///
/// It is separate from `SandboxServer` so the loopback server's handler can hold it without
/// keeping the public server object alive.
final class SandboxCore: Sendable {
  /// The longest a stalled request is held when the server is not stopped.
  static let maximumStall: TimeInterval = 300

  let state: Mutex<SandboxState>
  /// Where the records live when they are shared with other processes; nil = only in memory.
  private let stateFile: SandboxStateFile?
  private let stopped = Mutex(false)
  /// Wakes delayed and stalled requests when the server stops.
  private let wake = NSCondition()

  init(settings: SandboxSettings, digest: any SHA256Digest) throws(DomainError) {
    stateFile = try settings.stateFile.map { path throws(DomainError) in
      try SandboxStateFile(path: path)
    }
    state = Mutex(
      SandboxState(settings: settings, accounts: SandboxCatalog.accounts, digest: digest))
  }

  /// Runs `body` on the state under the lock, with the sandbox's current time; with a state
  /// file, on records freshly loaded from it and saved back when they changed.
  ///
  /// Nil when the state file could not be locked or written: the change is then dropped.
  @discardableResult
  func withState<T>(_ body: (inout SandboxState, Date) -> T) -> T? {
    // Passed out through a local: the lock's closure may only return values it created.
    var result: T?
    state.withLock { state in
      guard let stateFile else {
        result = body(&state, state.now)
        return
      }
      result = stateFile.transaction(&state, body)
    }
    return result
  }

  /// Runs `body` on the per-process part of the state (settings, accounts); the
  /// records it sees may be stale when a state file is shared.
  func withProcessState<T>(_ body: (inout SandboxState) -> T) -> T {
    state.withLock { state in body(&state) }
  }

  /// Ends every wait; later waits return at once.
  func stop() {
    stopped.withLock { $0 = true }
    wake.lock()
    wake.broadcast()
    wake.unlock()
  }

  /// Waits up to `seconds`, or until `stop()`.
  private func pause(_ seconds: TimeInterval) {
    let deadline = Date().addingTimeInterval(seconds)
    wake.lock()
    defer { wake.unlock() }
    while !stopped.withLock({ $0 }), wake.wait(until: deadline) {}
  }

  /// Answers one HTTP request.
  func handle(_ request: HTTPRequest) -> HTTPResponse {
    if request.path == "/" || request.path.hasPrefix("/_sandbox/") {
      return control(request).response
    }
    guard let endpoint = SandboxEndpoint.allCases.first(where: { $0.path == request.path }) else {
      return SandboxReply.html(
        SandboxPages.message(title: "Not found", text: "No such page."), status: 404
      )
      .response
    }
    guard Self.allows(endpoint, method: request.method) else {
      let reply = SandboxReply.html(
        SandboxPages.message(title: "Method not allowed", text: "Wrong HTTP method."), status: 405)
      withState { state, _ in state.records.ledger.record(endpoint, status: 405) }
      return reply.response
    }
    // Taken in a transaction of its own: a delay or stall must not hold the shared lock.
    let fault = withState { state, _ in state.records.popFault(endpoint) } ?? nil
    if case .delay(let milliseconds) = fault { pause(Double(milliseconds) / 1000) }
    if fault == .stall {
      withState { state, _ in state.records.ledger.record(endpoint, status: 0) }
      pause(Self.maximumStall)
      return HTTPResponse(status: 503)
    }
    let reply = withState { state, now -> SandboxReply in
      let reply: SandboxReply
      if let fault, let canned = Self.cannedReply(fault, endpoint: endpoint, now: now) {
        reply = canned
      } else if let fault, fault.garblesAnswer {
        reply = Self.garbledAnswer(endpoint, request, in: &state, now: now, fault: fault)
      } else {
        reply = Self.process(endpoint, request, in: &state, now: now, fault: fault)
      }
      state.records.ledger.record(endpoint, status: reply.status)
      return reply
    }
    // The shared state could not be saved, so nothing happened: say so as TikTok would.
    return (reply ?? Self.unavailable(endpoint)).response
  }

  /// TikTok's 503 for `endpoint`, for when the shared state file cannot be used.
  private static func unavailable(_ endpoint: SandboxEndpoint) -> SandboxReply {
    cannedReply(.httpStatus(503), endpoint: endpoint, now: Date())
      ?? SandboxReply(status: 503, body: .empty)
  }

  private static func allows(_ endpoint: SandboxEndpoint, method: String) -> Bool {
    switch endpoint {
    case .authorize: method == "GET" || method == "POST"
    case .userInfo: method == "GET"
    case .token, .revoke, .videoList, .getQRCode, .checkQRCode: method == "POST"
    }
  }

  private static func process(
    _ endpoint: SandboxEndpoint, _ request: HTTPRequest, in state: inout SandboxState, now: Date,
    fault: SandboxFault?
  ) -> SandboxReply {
    let reply: SandboxReply
    switch endpoint {
    case .authorize:
      reply =
        request.method == "GET"
        ? state.authorizePage(request, now: now) : state.authorizeDecision(request, now: now)
    case .token:
      reply = state.token(request, now: now, keepRefreshToken: fault == .missingRefreshToken)
    case .revoke: reply = state.revokeToken(request, now: now)
    case .userInfo: reply = state.userInfo(request, now: now)
    case .videoList: reply = state.videoList(request, now: now)
    case .getQRCode: reply = state.getQRCode(request, now: now)
    case .checkQRCode: reply = state.checkQRCode(request, now: now)
    }
    guard fault == .wrongClientTicket, let json = reply.json else { return reply }
    var forged = reply
    forged.body = .json(
      json.mapLeaves { key, value in
        guard key == "client_ticket", let ticket = value.stringValue, !ticket.isEmpty else {
          return value
        }
        return .string("forged" + String(ticket.reversed()))
      })
    return forged
  }

  /// Builds the real answer, garbles it, and forgets its side effects: TikTok never acted.
  /// Tokens it put on the wire stay in the ledger, and the request still counts for the rate
  /// limit.
  private static func garbledAnswer(
    _ endpoint: SandboxEndpoint, _ request: HTTPRequest, in state: inout SandboxState, now: Date,
    fault: SandboxFault
  ) -> SandboxReply {
    let saved = state
    let answer = process(endpoint, request, in: &state, now: now, fault: fault)
    // A page (authorize) has no JSON to garble; it was answered as it is, so it stands.
    guard answer.json != nil else { return answer }
    var ledger = state.records.ledger
    ledger.rollBack(to: saved.records.ledger)
    let windows = state.records.rateWindows
    state = saved
    state.records.ledger = ledger
    state.records.rateWindows = windows
    return garble(answer, with: fault)
  }

  /// The answer a replacing fault gives instead of the endpoint's own; nil for faults that
  /// let the endpoint answer.
  private static func cannedReply(_ fault: SandboxFault, endpoint: SandboxEndpoint, now: Date)
    -> SandboxReply?
  {
    let logID = SandboxIssuer.logID(at: now)
    let api = endpoint.errorShape == .api
    let error = { (code: String, message: String, status: Int) in
      SandboxReply.error(endpoint, code: code, message: message, status: status, logID: logID)
    }
    switch fault {
    case .httpStatus(let status):
      let code =
        api ? "internal_error" : (status == 503 ? "temporarily_unavailable" : "server_error")
      return error(code, "Something went wrong. Please try again later.", status)
    case .rateLimited(let retryAfter):
      var reply = SandboxState.rateLimitReply(endpoint, logID: logID)
      if let retryAfter { reply.headers.append(("Retry-After", String(retryAfter))) }
      return reply
    case .invalidGrant:
      return error("invalid_grant", "Refresh token is invalid or expired.", api ? 400 : 200)
    case .accessTokenInvalid:
      return error(
        "access_token_invalid", "The access token is invalid or not found in the request.",
        api ? 401 : 200)
    case .scopeNotAuthorized:
      return error(
        "scope_not_authorized",
        "The user did not authorize the scope required for completing this request.",
        api ? 401 : 200)
    case .errorWithStatus200:
      return error(api ? "internal_error" : "server_error", "Internal error.", 200)
    case .delay, .stall, .malformedJSON, .truncatedJSON, .wrongTypes, .absurdNumbers,
      .missingRefreshToken, .wrongClientTicket:
      return nil
    }
  }

  /// The real answer with its JSON broken the way `fault` asks.
  private static func garble(_ reply: SandboxReply, with fault: SandboxFault) -> SandboxReply {
    guard let json = reply.json else { return reply }
    var garbled = reply
    switch fault {
    case .malformedJSON:
      // Single quotes: looks like JSON to a human, fails every parser.
      let text = json.text.replacingOccurrences(of: "\"", with: "'")
      garbled.body = .raw(contentType: "application/json; charset=utf-8", bytes: Array(text.utf8))
    case .truncatedJSON:
      let bytes = Array(json.text.utf8)
      garbled.body = .raw(
        contentType: "application/json; charset=utf-8", bytes: Array(bytes.prefix(bytes.count / 2)))
    case .wrongTypes:
      garbled.body = .json(
        json.mapLeaves { _, value in
          switch value {
          case .int(let number): .string(String(number))
          case .double(let number): .string(String(number))
          case .bool(let flag): .string(flag ? "true" : "false")
          default: value
          }
        })
    case .absurdNumbers(let absurd):
      garbled.body = .json(
        json.mapLeaves { _, value in
          if case .int = value { return .int(absurd) }
          return value
        })
    default: break
    }
    return garbled
  }
}
