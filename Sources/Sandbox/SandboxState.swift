import Domain
import Foundation

/// Everything the sandbox remembers: codes, grants, tokens, QR codes, rate windows, faults.
///
/// A value type kept behind one lock; endpoint logic lives in extensions as mutating methods
/// that take the sandbox's `now`, so a garbled-answer fault can roll a request back by
/// restoring a copy.
struct SandboxState {
  /// A code waiting to be exchanged.
  struct Code {
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
  struct Grant {
    var openID: String
    var clientKey: String
    var scopes: [String]
    /// When its refresh tokens stop working; refreshes do not move it.
    var refreshDeadline: Date
    var revoked = false
    var accessTokens: [String] = []
  }

  struct AccessToken {
    var grantID: Int
    var expiresAt: Date
  }

  struct RefreshToken {
    var grantID: Int
    /// Set once the token has been exchanged for a new pair; presenting it again is reuse.
    var rotated = false
  }

  var settings: SandboxSettings
  let accounts: [SandboxAccount]
  let digest: any SHA256Digest
  /// Added to the wall clock, so tests can expire codes and tokens without waiting.
  var clockOffset: TimeInterval = 0
  var codes: [String: Code] = [:]
  var grants: [Int: Grant] = [:]
  var nextGrantID = 1
  var accessTokens: [String: AccessToken] = [:]
  var refreshTokens: [String: RefreshToken] = [:]
  var qrCodes: [String: QRCode] = [:]
  var rateWindows: [String: [Date]] = [:]
  var faults: [SandboxEndpoint: [SandboxFault]] = [:]
  var ledger = SandboxLedger()

  init(settings: SandboxSettings, accounts: [SandboxAccount], digest: any SHA256Digest) {
    self.settings = settings
    self.accounts = accounts
    self.digest = digest
  }

  func account(_ reference: String) -> SandboxAccount? {
    accounts.first { $0.matches(reference) }
  }

  /// Takes the next queued fault for `endpoint`, if any.
  mutating func popFault(_ endpoint: SandboxEndpoint) -> SandboxFault? {
    guard var queue = faults[endpoint], !queue.isEmpty else { return nil }
    let fault = queue.removeFirst()
    faults[endpoint] = queue.isEmpty ? nil : queue
    return fault
  }

  /// Counts a request against the 60-second sliding window of `endpoint` and `key`; false when
  /// the window is full (the refused request is not counted).
  mutating func admit(_ endpoint: SandboxEndpoint, key: String, now: Date) -> Bool {
    guard settings.rateLimit > 0 else { return true }
    let slot = endpoint.rawValue + " " + key
    var hits = rateWindows[slot] ?? []
    let windowStart = now.addingTimeInterval(-60)
    if let firstLive = hits.firstIndex(where: { $0 > windowStart }) {
      hits.removeFirst(firstLive)
    } else {
      hits.removeAll()
    }
    guard hits.count < settings.rateLimit else {
      rateWindows[slot] = hits
      return false
    }
    hits.append(now)
    rateWindows[slot] = hits
    return true
  }

  /// Issues a code for `openID` and records it.
  mutating func issueCode(
    openID: String, clientKey: String, scopes: [String], redirectURI: String, challenge: String?,
    now: Date
  ) -> String {
    let code = SandboxIssuer.code()
    codes[code] = Code(
      openID: openID, clientKey: clientKey, scopes: scopes, redirectURI: redirectURI,
      challenge: challenge, viaQR: challenge == nil,
      expiresAt: now.addingTimeInterval(TimeInterval(settings.codeTTL)))
    ledger.codesIssued.append(code)
    return code
  }

  /// Starts a grant for an exchanged code and returns its id.
  mutating func startGrant(openID: String, clientKey: String, scopes: [String], now: Date) -> Int {
    let id = nextGrantID
    nextGrantID += 1
    grants[id] = Grant(
      openID: openID, clientKey: clientKey, scopes: scopes,
      refreshDeadline: now.addingTimeInterval(TimeInterval(settings.refreshTTL)))
    return id
  }

  mutating func issueAccessToken(grantID: Int, now: Date) -> String {
    let token = SandboxIssuer.accessToken()
    accessTokens[token] = AccessToken(
      grantID: grantID, expiresAt: now.addingTimeInterval(TimeInterval(settings.accessTTL)))
    grants[grantID]?.accessTokens.append(token)
    ledger.accessTokensIssued.append(token)
    return token
  }

  mutating func issueRefreshToken(grantID: Int) -> String {
    let token = SandboxIssuer.refreshToken()
    refreshTokens[token] = RefreshToken(grantID: grantID)
    ledger.refreshTokensIssued.append(token)
    return token
  }

  /// Revokes a grant and with it every access and refresh token it issued.
  mutating func revoke(grantID: Int) {
    grants[grantID]?.revoked = true
  }

  /// The live grant behind an access token; nil when unknown, expired or revoked.
  func grant(forAccessToken token: String, now: Date) -> (id: Int, grant: Grant)? {
    guard let record = accessTokens[token], record.expiresAt > now,
      let grant = grants[record.grantID], !grant.revoked
    else { return nil }
    return (record.grantID, grant)
  }

  /// Seconds from `now` until `date`, never negative.
  static func seconds(until date: Date, from now: Date) -> Int64 {
    Int64(max(0, date.timeIntervalSince(now)).rounded(.down))
  }
}
