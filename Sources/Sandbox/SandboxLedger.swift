/// What the sandbox has done so far, as a value snapshot (also served as JSON).
///
/// It holds every code, token and QR token it ever put on the wire, in full, so tests can grep
/// logs, screens and outputs for leaks (with a state file, the last 10,000 of each list).
public struct SandboxLedger: Sendable, Equatable, Codable {
  public var codesIssued: [String] = []
  public var codesConsumed: [String] = []
  public var accessTokensIssued: [String] = []
  public var refreshTokensIssued: [String] = []
  public var qrTokensIssued: [String] = []
  /// Successful refreshes per open_id.
  public var refreshes: [String: Int] = [:]
  /// open_ids whose grant was revoked because a rotated refresh token was presented again.
  public var reuseEvents: [String] = []
  /// open_ids revoked through `/v2/oauth/revoke/`.
  public var revocations: [String] = []
  /// Successful refreshes per client_key (the app whose credentials came with them) and
  /// open_id.
  public var refreshesByClient: [String: [String: Int]] {
    get { storedRefreshesByClient ?? [:] }
    set { storedRefreshesByClient = newValue }
  }
  /// open_ids revoked through `/v2/oauth/revoke/`, per client_key.
  public var revocationsByClient: [String: [String]] {
    get { storedRevocationsByClient ?? [:] }
    set { storedRevocationsByClient = newValue }
  }
  /// Optional in the state file, so files written before apps were counted still load.
  private var storedRefreshesByClient: [String: [String: Int]]?
  private var storedRevocationsByClient: [String: [String]]?
  /// Responses per endpoint and HTTP status (0 = stalled, never answered).
  public var requests: [SandboxEndpoint: [Int: Int]] = [:]
  /// Every 429 answer, from the rate limit or a fault.
  public var rateLimitedResponses = 0

  public init() {}

  /// Every secret the sandbox has issued (codes, access and refresh tokens, QR tokens).
  public var allSecrets: [String] {
    codesIssued + accessTokensIssued + refreshTokensIssued + qrTokensIssued
  }

  /// Requests answered on `endpoint`, optionally only those with `status`.
  public func count(_ endpoint: SandboxEndpoint, status: Int? = nil) -> Int {
    let statuses = requests[endpoint] ?? [:]
    guard let status else { return statuses.values.reduce(0, +) }
    return statuses[status] ?? 0
  }

  mutating func record(_ endpoint: SandboxEndpoint, status: Int) {
    requests[endpoint, default: [:]][status, default: 0] += 1
    if status == 429 { rateLimitedResponses += 1 }
  }

  /// Drops all but the last `count` entries of every list.
  mutating func keepLast(_ count: Int) {
    for list in [
      \Self.codesIssued, \.codesConsumed, \.accessTokensIssued, \.refreshTokensIssued,
      \.qrTokensIssued, \.reuseEvents, \.revocations,
    ] where self[keyPath: list].count > count {
      self[keyPath: list].removeFirst(self[keyPath: list].count - count)
    }
    for (key, list) in revocationsByClient where list.count > count {
      revocationsByClient[key] = Array(list.suffix(count))
    }
  }

  /// Keeps what went on the wire while the rest is rolled back to `saved`.
  mutating func rollBack(to saved: SandboxLedger) {
    var kept = saved
    kept.codesIssued = codesIssued
    kept.accessTokensIssued = accessTokensIssued
    kept.refreshTokensIssued = refreshTokensIssued
    kept.qrTokensIssued = qrTokensIssued
    self = kept
  }

  /// The ledger as JSON with snake_case keys.
  public var json: String { jsonValue.text }

  var jsonValue: SandboxJSON {
    let strings: ([String]) -> SandboxJSON = { .array($0.map(SandboxJSON.string)) }
    let requestCounts = SandboxEndpoint.allCases.compactMap { endpoint -> (String, SandboxJSON)? in
      guard let statuses = requests[endpoint] else { return nil }
      let byStatus = statuses.keys.sorted().map {
        (String($0), SandboxJSON.int(Int64(statuses[$0] ?? 0)))
      }
      return (endpoint.rawValue, .object(byStatus))
    }
    return .object([
      ("codes_issued", strings(codesIssued)),
      ("codes_consumed", strings(codesConsumed)),
      ("access_tokens_issued", strings(accessTokensIssued)),
      ("refresh_tokens_issued", strings(refreshTokensIssued)),
      ("qr_tokens_issued", strings(qrTokensIssued)),
      ("refreshes", .object(refreshes.keys.sorted().map { ($0, .int(Int64(refreshes[$0] ?? 0))) })),
      ("reuse_events", strings(reuseEvents)),
      ("revocations", strings(revocations)),
      (
        "refreshes_by_client",
        .object(
          refreshesByClient.keys.sorted().map { key in
            let counts = refreshesByClient[key] ?? [:]
            return (key, .object(counts.keys.sorted().map { ($0, .int(Int64(counts[$0] ?? 0))) }))
          })
      ),
      (
        "revocations_by_client",
        .object(
          revocationsByClient.keys.sorted().map {
            (
              $0, strings(revocationsByClient[$0] ?? [])
            )
          })
      ),
      ("requests", .object(requestCounts)),
      ("rate_limited_responses", .int(Int64(rateLimitedResponses))),
    ])
  }
}
