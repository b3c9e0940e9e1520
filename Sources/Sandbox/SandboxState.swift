import Domain
import Foundation

/// Everything the sandbox remembers: its settings and records (queued faults included).
///
/// A value type kept behind one lock; endpoint logic lives in extensions as mutating methods
/// that take the sandbox's `now`, so a garbled-answer fault can roll a request back by
/// restoring a copy.
struct SandboxState {
  var settings: SandboxSettings
  /// The catalog, plus accounts a harness added (per process, like settings).
  var accounts: [SandboxAccount]
  let digest: any SHA256Digest
  /// Codes, grants, tokens, QR codes, rate windows, ledger, clock offset, faults.
  var records = SandboxRecords()

  init(settings: SandboxSettings, accounts: [SandboxAccount], digest: any SHA256Digest) {
    self.settings = settings
    self.accounts = accounts
    self.digest = digest
  }

  /// The sandbox's clock: the wall clock plus the offset tests advance.
  var now: Date { Date().addingTimeInterval(records.clockOffset) }

  /// The account an open_id (of any registered app) or username names.
  func account(_ reference: String) -> SandboxAccount? {
    accounts.first { account in
      account.matches(reference)
        || settings.apps.contains { openID(of: account.openID, app: $0.clientKey) == reference }
    }
  }

  /// The open_id the user with the catalog open_id `base` has in the app `clientKey`: the
  /// catalog's own in the built-in app, in any other one derived from both (stable, and
  /// different in every app, as TikTok's open_ids are).
  func openID(of base: String, app clientKey: String) -> String {
    guard clientKey != settings.clientKey else { return base }
    let hex = Array(digest.hexSHA256("open_id|\(clientKey)|\(base)").prefix(32))
    return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(
      separator: "-")
  }

  /// The open_id a grant's user has in the grant's app.
  func openID(_ grant: SandboxRecords.Grant) -> String {
    openID(of: grant.openID, app: grant.clientKey)
  }

  /// Adds accounts one can log in as; refused when an open_id or username is taken or blank.
  mutating func add(_ new: [SandboxAccount]) -> Result<Void, SandboxError> {
    var taken = Set(accounts.flatMap { [$0.openID, $0.username] })
    for account in new {
      guard !account.openID.isEmpty, !account.username.isEmpty,
        taken.insert(account.openID).inserted, taken.insert(account.username).inserted
      else { return .failure(.invalidControl("accounts")) }
    }
    accounts += new
    return .success(())
  }

  /// Counts a request against the 60-second sliding window of `endpoint` and `key`; false when
  /// the window is full (the refused request is not counted).
  mutating func admit(_ endpoint: SandboxEndpoint, key: String, now: Date) -> Bool {
    guard settings.rateLimit > 0 else { return true }
    let slot = endpoint.rawValue + " " + key
    var hits = Array(
      SandboxRecords.live(records.rateWindows[slot] ?? [], since: now.addingTimeInterval(-60)))
    guard hits.count < settings.rateLimit else {
      records.rateWindows[slot] = hits
      return false
    }
    hits.append(now)
    records.rateWindows[slot] = hits
    return true
  }

  /// Issues a code for `openID` and records it.
  mutating func issueCode(
    openID: String, clientKey: String, scopes: [String], redirectURI: String, challenge: String?,
    now: Date
  ) -> String {
    let code = SandboxIssuer.code()
    records.codes[code] = SandboxRecords.Code(
      openID: openID, clientKey: clientKey, scopes: scopes, redirectURI: redirectURI,
      challenge: challenge, viaQR: challenge == nil,
      expiresAt: now.addingTimeInterval(TimeInterval(settings.codeTTL)))
    records.ledger.codesIssued.append(code)
    return code
  }

  /// Starts a grant for an exchanged code and returns its id.
  mutating func startGrant(openID: String, clientKey: String, scopes: [String], now: Date) -> Int {
    let id = records.nextGrantID
    records.nextGrantID += 1
    records.grants[id] = SandboxRecords.Grant(
      openID: openID, clientKey: clientKey, scopes: scopes,
      refreshDeadline: now.addingTimeInterval(TimeInterval(settings.refreshTTL)))
    return id
  }

  mutating func issueAccessToken(grantID: Int, now: Date) -> String {
    let token = SandboxIssuer.accessToken()
    records.accessTokens[token] = SandboxRecords.AccessToken(
      grantID: grantID, expiresAt: now.addingTimeInterval(TimeInterval(settings.accessTTL)))
    records.ledger.accessTokensIssued.append(token)
    return token
  }

  mutating func issueRefreshToken(grantID: Int) -> String {
    let token = SandboxIssuer.refreshToken()
    records.refreshTokens[token] = SandboxRecords.RefreshToken(grantID: grantID)
    records.ledger.refreshTokensIssued.append(token)
    return token
  }

  /// Revokes a grant and with it every access and refresh token it issued.
  mutating func revoke(grantID: Int) {
    records.grants[grantID]?.revoked = true
  }

  /// The live grant behind an access token; nil when unknown, expired or revoked.
  func grant(forAccessToken token: String, now: Date) -> (id: Int, grant: SandboxRecords.Grant)? {
    guard let record = records.accessTokens[token], record.expiresAt > now,
      let grant = records.grants[record.grantID], !grant.revoked
    else { return nil }
    return (record.grantID, grant)
  }

  /// Seconds from `now` until `date`, never negative.
  static func seconds(until date: Date, from now: Date) -> Int64 {
    Int64(max(0, date.timeIntervalSince(now)).rounded(.down))
  }
}
