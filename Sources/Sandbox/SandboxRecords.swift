import Foundation

/// What the sandbox has issued and counted: codes, grants, tokens, QR codes, rate windows, the
/// ledger, the clock offset and the queued faults.
///
/// This is the part of the state that processes sharing a state file share (`SandboxStateFile`
/// stores it as JSON, its bulky records as rows: `SandboxRecords+Rows`); settings stay per
/// process. Faults are shared so that a fault set at any process's control page (the UI's
/// in-process sandbox, say) hits whichever process calls the endpoint next.
struct SandboxRecords: Codable, Equatable, Sendable {
  /// A code waiting to be exchanged.
  struct Code: Equatable, Sendable {
    var openID: String
    var clientKey: String
    var scopes: [String]
    /// The authorize request's redirect URI, or the one a QR confirmation handed back.
    var redirectURI: String
    /// The PKCE challenge as sent (nil for QR codes, which need no verifier).
    var challenge: String?
    /// QR codes need no verifier, and their redirect URI is optional at the exchange.
    var viaQR: Bool
    var expiresAt: Date
    var consumed = false
  }

  /// One user's authorization of the app; revoking it kills all of its tokens.
  struct Grant: Equatable, Sendable {
    var openID: String
    var clientKey: String
    var scopes: [String]
    /// When its refresh tokens stop working; refreshes do not move it.
    var refreshDeadline: Date
    var revoked = false
  }

  struct AccessToken: Equatable, Sendable {
    var grantID: Int
    var expiresAt: Date
  }

  struct RefreshToken: Equatable, Sendable {
    var grantID: Int
    /// When the token was exchanged for a new pair; presenting it again after that is reuse.
    var rotatedAt: Date?
  }

  /// How long expired codes, QR codes and grants are kept, so a late client still gets the
  /// exact "expired" or "used" answer rather than "invalid".
  static let expiredGrace: TimeInterval = 600

  /// How long a rotated refresh token is remembered, so presenting it again is caught as reuse;
  /// after that it is merely unknown.
  static let rotatedRetention: TimeInterval = 30 * 86_400

  /// The most entries each ledger list keeps once pruned.
  static let ledgerLimit = 10_000

  /// Added to the wall clock, so tests can expire codes and tokens without waiting.
  var clockOffset: TimeInterval = 0
  var codes: [String: Code] = [:]
  var grants: [Int: Grant] = [:]
  var nextGrantID = 1
  var accessTokens: [String: AccessToken] = [:]
  var refreshTokens: [String: RefreshToken] = [:]
  var qrCodes: [String: QRCode] = [:]
  var rateWindows: [String: [Date]] = [:]
  var ledger = SandboxLedger()
  /// Faults waiting for the next requests to each endpoint, first one first.
  var faults: [SandboxEndpoint: [SandboxFault]] {
    get { queuedFaults ?? [:] }
    set { queuedFaults = newValue.isEmpty ? nil : newValue }
  }
  /// Optional in the file, so files written before faults were shared still load (and a
  /// sandbox without faults writes none).
  private var queuedFaults: [SandboxEndpoint: [SandboxFault]]?

  /// Takes the next queued fault for `endpoint`, if any.
  mutating func popFault(_ endpoint: SandboxEndpoint) -> SandboxFault? {
    guard var queue = faults[endpoint], !queue.isEmpty else { return nil }
    let fault = queue.removeFirst()
    faults[endpoint] = queue.isEmpty ? nil : queue
    return fault
  }

  /// Drops what can no longer change an answer, so a shared file stays small: access tokens
  /// past expiry, rate hits older than the 60-second window, and codes, QR codes and grants
  /// (with their refresh tokens) `expiredGrace` after they expired; rotated refresh tokens go
  /// after `rotatedRetention`, and the ledger keeps its last `ledgerLimit` entries per list.
  mutating func prune(now: Date) {
    let graceStart = now.addingTimeInterval(-Self.expiredGrace)
    for (token, record) in accessTokens where record.expiresAt <= now {
      accessTokens[token] = nil
    }
    for (code, record) in codes where record.expiresAt <= graceStart { codes[code] = nil }
    for (token, qr) in qrCodes where qr.expiresAt <= graceStart { qrCodes[token] = nil }
    let windowStart = now.addingTimeInterval(-60)
    for (slot, hits) in rateWindows {
      let live = Self.live(hits, since: windowStart)
      if live.count < hits.count { rateWindows[slot] = live.isEmpty ? nil : Array(live) }
    }
    // An access token may outlive its grant's refresh deadline, so such a grant stays with it.
    let inUse = Set(accessTokens.values.map(\.grantID))
    for (id, grant) in grants where grant.refreshDeadline <= graceStart && !inUse.contains(id) {
      grants[id] = nil
    }
    let rotationStart = now.addingTimeInterval(-Self.rotatedRetention)
    for (token, record) in refreshTokens
    where grants[record.grantID] == nil || record.rotatedAt.map({ $0 <= rotationStart }) == true {
      refreshTokens[token] = nil
    }
    ledger.keepLast(Self.ledgerLimit)
  }

  /// The hits of a rate window that are still inside it, for a window that began at `start`.
  static func live(_ hits: [Date], since start: Date) -> ArraySlice<Date> {
    guard let first = hits.firstIndex(where: { $0 > start }) else { return [] }
    return hits[first...]
  }
}
