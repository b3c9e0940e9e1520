import Domain
import Foundation

extension SandboxCore {
  /// `GET /` and `/_sandbox/...`: the index page (also at `/_sandbox/`, the address the UI and
  /// README give), the phone page and the JSON control API, which mirrors `SandboxServer`'s
  /// Swift methods.
  func control(_ request: HTTPRequest) -> SandboxReply {
    switch (request.method, request.path) {
    case ("GET", "/"), ("GET", "/_sandbox/"):
      let host = request.header("Host") ?? "127.0.0.1"
      return withProcessState { state in
        .html(
          SandboxPages.index(
            environment: SandboxServer.environmentHint(
              baseURL: "http://" + host, settings: state.settings),
            accounts: state.accounts, settings: state.settings))
      }
    case ("GET", "/_sandbox/ledger"):
      guard let ledger = withState({ state, _ in state.records.ledger.jsonValue }) else {
        return .json(
          .object([("error", .string(SandboxError.stateFileUnavailable.message))]), status: 503)
      }
      return .json(ledger)
    case ("GET", "/_sandbox/accounts"):
      return .json(withProcessState { state in Self.accountsJSON(state.accounts) })
    case ("POST", "/_sandbox/accounts"): return jsonCommand(request, addAccounts)
    case ("GET", "/_sandbox/settings"):
      return .json(withProcessState { state in Self.settingsJSON(state.settings) })
    case ("POST", "/_sandbox/settings"): return jsonCommand(request, changeSettings)
    case ("POST", "/_sandbox/faults"): return jsonCommand(request, injectFault)
    case ("POST", "/_sandbox/approve"): return jsonCommand(request, approve)
    case ("POST", "/_sandbox/clock"): return jsonCommand(request, advanceClock)
    case ("GET", "/_sandbox/phone"):
      let fields = SandboxForm(query: request.query) ?? SandboxForm(pairs: [])
      return phonePage(token: fields.first("token") ?? "", url: fields.first("url"), notice: nil)
    case ("POST", "/_sandbox/phone"): return phoneAction(request)
    default:
      return .json(.object([("error", .string("no such control endpoint"))]), status: 404)
    }
  }

  /// Parses a JSON object body and runs `command`, answering 400 with the reason on failure.
  private func jsonCommand(
    _ request: HTTPRequest, _ command: (SandboxJSON) -> Result<SandboxJSON, SandboxError>
  ) -> SandboxReply {
    guard let body = SandboxJSONParser.parse(request.body), case .object = body else {
      return .json(.object([("error", .string("the body must be a JSON object"))]), status: 400)
    }
    switch command(body) {
    case .success(let answer): return .json(answer)
    case .failure(let error):
      return .json(.object([("error", .string(error.message))]), status: 400)
    }
  }

  private func changeSettings(_ body: SandboxJSON) -> Result<SandboxJSON, SandboxError> {
    let keys: [(String, WritableKeyPath<SandboxSettings, Int>, Int)] = [
      ("access_ttl", \.accessTTL, 1), ("refresh_ttl", \.refreshTTL, 1), ("code_ttl", \.codeTTL, 1),
      ("qr_ttl", \.qrTTL, 1), ("rate_limit", \.rateLimit, 0),
    ]
    var changes: [(WritableKeyPath<SandboxSettings, Int>, Int)] = []
    for (name, path, minimum) in keys {
      guard let value = body[name] else { continue }
      guard let number = value.intValue, number >= minimum, number <= Int64(Int32.max) else {
        return .failure(.invalidControl(name))
      }
      changes.append((path, Int(number)))
    }
    return .success(
      withProcessState { state in
        for (path, value) in changes { state.settings[keyPath: path] = value }
        return Self.settingsJSON(state.settings)
      })
  }

  private func injectFault(_ body: SandboxJSON) -> Result<SandboxJSON, SandboxError> {
    if body["kind"]?.stringValue == "clear" {
      return clearFaults()
        ? .success(.object([("ok", .bool(true))])) : .failure(.stateFileUnavailable)
    }
    guard let name = body["endpoint"]?.stringValue, let endpoint = SandboxEndpoint(rawValue: name)
    else { return .failure(.invalidControl("endpoint")) }
    let count = body["count"].map { $0.intValue ?? -1 } ?? 1
    guard (1...10_000).contains(count) else { return .failure(.invalidControl("count")) }
    return SandboxFault.from(body).flatMap { fault in
      inject(fault, endpoint: endpoint, count: Int(count))
        ? .success(.object([("ok", .bool(true))])) : .failure(.stateFileUnavailable)
    }
  }

  /// Queues `fault` for the next `count` requests to `endpoint`, for every process sharing the
  /// state; false when the state file could not be written.
  @discardableResult
  func inject(_ fault: SandboxFault, endpoint: SandboxEndpoint, count: Int) -> Bool {
    guard count > 0 else { return true }
    return withState { state, _ in
      state.records.faults[endpoint, default: []] += Array(repeating: fault, count: count)
    } != nil
  }

  /// Drops every queued fault, for every process sharing the state.
  @discardableResult
  func clearFaults() -> Bool { withState { state, _ in state.records.faults = [:] } != nil }

  /// `{"accounts": [{"open_id", "username", "display_name"}, ...]}`: plain accounts without
  /// videos, e.g. one per benchmark fixture, so each holds a grant issued for itself.
  private func addAccounts(_ body: SandboxJSON) -> Result<SandboxJSON, SandboxError> {
    guard case .array(let items)? = body["accounts"] else {
      return .failure(.invalidControl("accounts"))
    }
    var accounts: [SandboxAccount] = []
    for item in items {
      guard let openID = item["open_id"]?.stringValue, let username = item["username"]?.stringValue
      else { return .failure(.invalidControl("accounts")) }
      accounts.append(
        SandboxAccount(
          openID: openID, unionID: "union-" + openID,
          displayName: item["display_name"]?.stringValue ?? username, username: username, bio: "",
          isVerified: false, followerCount: 0, followingCount: 0, likesCount: 0, videos: []))
    }
    return withProcessState { state in state.add(accounts) }.map {
      .object([("added", .int(Int64(accounts.count)))])
    }
  }

  private func approve(_ body: SandboxJSON) -> Result<SandboxJSON, SandboxError> {
    guard let query = (body["authorize_url"] ?? body["query"])?.stringValue else {
      return .failure(.invalidControl("authorize_url"))
    }
    var scopes: [String]?
    if let list = body["scopes"] {
      guard case .array(let items) = list else { return .failure(.invalidControl("scopes")) }
      scopes = items.compactMap(\.stringValue)
    }
    return approve(authorizeQuery: query, account: body["account"]?.stringValue, granted: scopes)
      .map { .object([("redirect_url", .string($0))]) }
  }

  /// Approves an authorize request (a full URL or its query) exactly as the page's button does.
  func approve(authorizeQuery: String, account: String?, granted: [String]?)
    -> Result<String, SandboxError>
  {
    var query = Substring(authorizeQuery)
    if let mark = query.firstIndex(of: "?") { query = query[query.index(after: mark)...] }
    if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
    guard let fields = SandboxForm(query: String(query)) else {
      return .failure(.invalidParameter("query"))
    }
    return withState { state, now in
      state.checkAuthorize(fields).flatMap {
        state.approve($0, account: account, granted: granted, now: now)
      }
    } ?? .failure(.stateFileUnavailable)
  }

  private func advanceClock(_ body: SandboxJSON) -> Result<SandboxJSON, SandboxError> {
    guard let seconds = body["advance_seconds"]?.intValue, seconds >= 0 else {
      return .failure(.invalidControl("advance_seconds"))
    }
    let offset = withState { state, _ in
      state.records.clockOffset += TimeInterval(seconds)
      return state.records.clockOffset
    }
    guard let offset else { return .failure(.stateFileUnavailable) }
    return .success(.object([("offset_seconds", .int(Int64(offset)))]))
  }

  private func phonePage(token: String, url: String?, notice: String?) -> SandboxReply {
    let page = withState { state, now -> SandboxReply in
      let qr = state.records.qrCodes[token]
      return .html(
        SandboxPages.phone(
          token: token, qr: qr, scanURL: url ?? qr?.scanURL ?? "", accounts: state.accounts,
          expired: qr.map { now >= $0.expiresAt } ?? false, notice: notice))
    }
    let failure = SandboxError.stateFileUnavailable.message
    return page ?? .html(SandboxPages.message(title: "Unavailable", text: failure), status: 503)
  }

  private func phoneAction(_ request: HTTPRequest) -> SandboxReply {
    let fields = SandboxForm(request.body) ?? SandboxForm(pairs: [])
    let token = fields.first("token") ?? ""
    let outcome =
      withState { state, now in Self.phoneStep(fields, token: token, in: &state, now: now) }
      ?? .failure(.stateFileUnavailable)
    let notice: String
    switch outcome {
    case .success where fields.first("action") == "decline":
      notice = "Declined. The app keeps seeing \"scanned\" until the code expires."
    case .success: notice = "Done."
    case .failure(let error): notice = error.message
    }
    return phonePage(token: token, url: fields.first("url"), notice: notice)
  }

  /// What the phone page's button asks for: scan, confirm or decline.
  private static func phoneStep(
    _ fields: SandboxForm, token: String, in state: inout SandboxState, now: Date
  ) -> Result<Void, SandboxError> {
    switch fields.first("action") {
    case "scan":
      state.scanQR(token: token, scannedURL: fields.first("url") ?? "", now: now).map { _ in () }
    case "confirm": state.confirmQR(token: token, account: fields.first("account") ?? "", now: now)
    case "decline": state.declineQR(token: token, now: now)
    default: .failure(.invalidControl("action"))
    }
  }

  static func settingsJSON(_ settings: SandboxSettings) -> SandboxJSON {
    .object([
      ("access_ttl", .int(Int64(settings.accessTTL))),
      ("refresh_ttl", .int(Int64(settings.refreshTTL))),
      ("code_ttl", .int(Int64(settings.codeTTL))), ("qr_ttl", .int(Int64(settings.qrTTL))),
      ("rate_limit", .int(Int64(settings.rateLimit))), ("client_key", .string(settings.clientKey)),
      ("client_keys", .array(settings.registeredApps.map { .string($0.clientKey) })),
      ("redirect_uris", .array(settings.redirectURIs.map(SandboxJSON.string))),
    ])
  }

  static func accountsJSON(_ accounts: [SandboxAccount]) -> SandboxJSON {
    .array(
      accounts.map { account in
        .object([
          ("open_id", .string(account.openID)), ("username", .string(account.username)),
          ("display_name", .string(account.displayName)), ("video_count", .int(account.videoCount)),
        ])
      })
  }
}
