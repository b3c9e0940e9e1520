import Domain
import Foundation

/// tractok's built-in TikTok: Login Kit, tokens, revoke, user info, videos and QR login on
/// 127.0.0.1, with TikTok's quirks, fault switches and a ledger of what it issued. Only the
/// user running it (and `access`'s extra users) get an answer.
///
/// Everything the HTTP control endpoint (`/_sandbox/...`) can do is also a method here. With
/// `settings.stateFile`, every sandbox on that file (one in each tractok process) answers from
/// the same codes, grants, tokens, QR codes, rate windows, ledger, clock and queued faults;
/// settings stay with each server.
public final class SandboxServer: Sendable {
  /// Where it listens, e.g. `http://127.0.0.1:49152` (both auth and API base URL).
  public let baseURL: String
  /// The port it listens on.
  public let port: Int
  private let core: SandboxCore
  private let server: LoopbackServer

  /// Starts listening on 127.0.0.1 (`settings.port`, 0 = any free port).
  ///
  /// `digest` checks PKCE verifiers; pass Storage's `OpenSSLDigest()`. Only `access`'s users
  /// are answered (its pages and ledger hold codes and tokens); others get 403. Throws
  /// `LoopbackServerError` when it cannot listen, and `DomainError.storage` when
  /// `settings.stateFile` is set but its lock file cannot be opened.
  public init(
    settings: SandboxSettings = SandboxSettings(), access: LoopbackAccess = .currentUser(),
    digest: any SHA256Digest
  ) throws {
    let core = try SandboxCore(settings: settings, digest: digest)
    // Stalled requests hold a connection each, so allow more than the callback listener does.
    let limits = LoopbackServer.Limits(
      maximumHeadBytes: 16_384, maximumBodyBytes: 65_536, headDeadline: 10, readDeadline: 10,
      maximumConnections: 128)
    server = try LoopbackServer(port: settings.port, access: access, limits: limits) {
      core.handle($0)
    }
    self.core = core
    port = server.port
    baseURL = "http://127.0.0.1:\(server.port)"
    core.withProcessState { state in state.settings.port = server.port }
  }

  deinit { stop() }

  /// Stops listening and releases delayed or stalled requests. Safe to call more than once.
  public func stop() {
    core.stop()
    server.stop()
  }

  /// The sandbox accounts one can log in as, plain one first.
  public var accounts: [SandboxAccount] { core.withProcessState { state in state.accounts } }

  /// Adds accounts one can log in as (this server only, like settings); refused when an
  /// open_id or username is blank or taken.
  public func addAccounts(_ accounts: [SandboxAccount]) -> Result<Void, SandboxError> {
    core.withProcessState { state in state.add(accounts) }
  }

  /// The settings in force.
  public var settings: SandboxSettings { core.withProcessState { state in state.settings } }

  /// Changes this server's settings at runtime (lifetimes apply to what is issued afterwards;
  /// other processes sharing the state file keep theirs); the port and the state file keep
  /// their values.
  public func update(_ change: (inout SandboxSettings) -> Void) {
    core.withProcessState { state in
      var settings = state.settings
      change(&settings)
      settings.port = state.settings.port
      settings.stateFile = state.settings.stateFile
      state.settings = settings
    }
  }

  /// Makes the next `count` requests to `endpoint` fail the way `fault` says (at whichever
  /// server sharing the state file answers them). False when the state file could not be
  /// written.
  @discardableResult
  public func inject(_ fault: SandboxFault, endpoint: SandboxEndpoint, count: Int = 1) -> Bool {
    core.inject(fault, endpoint: endpoint, count: count)
  }

  /// Drops every queued fault. False when the state file could not be written.
  @discardableResult
  public func clearFaults() -> Bool { core.clearFaults() }

  /// The control page: how to point tractok here, the accounts, and the fault switches.
  public var controlPageURL: String { baseURL + "/_sandbox/" }

  /// A snapshot of what the sandbox has issued and answered so far (with a state file: by
  /// every process sharing it, up to the last 10,000 entries per list).
  ///
  /// When the state file cannot be locked, the last snapshot this process saw.
  public func ledger() -> SandboxLedger {
    core.withState { state, _ in state.records.ledger }
      ?? core.withProcessState { state in state.records.ledger }
  }

  /// What the sandbox knows of an access token it issued; nil for one it never issued (or
  /// forgot: with a state file, expired tokens are dropped).
  public func issuedAccessToken(_ token: String) -> SandboxIssuedToken? {
    core.withState { state, _ in
      state.records.accessTokens[token].flatMap { record in
        state.records.grants[record.grantID].map { grant in
          SandboxIssuedToken(
            openID: state.openID(grant), expiresAt: record.expiresAt, rotated: false,
            revoked: grant.revoked)
        }
      }
    } ?? nil
  }

  /// What the sandbox knows of a refresh token it issued: whose, and whether it was already
  /// exchanged (rotated) or its grant revoked; nil for one it never issued.
  public func issuedRefreshToken(_ token: String) -> SandboxIssuedToken? {
    core.withState { state, _ in
      state.records.refreshTokens[token].flatMap { record in
        state.records.grants[record.grantID].map { grant in
          SandboxIssuedToken(
            openID: state.openID(grant), expiresAt: grant.refreshDeadline,
            rotated: record.rotatedAt != nil, revoked: grant.revoked)
        }
      }
    } ?? nil
  }

  /// Moves the sandbox's clock forward (for every process sharing the state file), so codes,
  /// tokens and QR codes expire without waiting. False when the state file could not be written.
  @discardableResult
  public func advanceClock(by seconds: TimeInterval) -> Bool {
    core.withState { state, _ in state.records.clockOffset += max(0, seconds) } != nil
  }

  /// Does what pressing Authorize on the consent page does and returns the redirect URL
  /// (`redirect_uri?code=...&scopes=...&state=...`).
  ///
  /// `authorizeQuery` is the authorize URL or its query; `accountID` an open_id or username
  /// (nil = the first account); `grantedScopes` the ticked boxes (nil = all requested;
  /// `user.info.basic` is always granted when requested, as on TikTok's page).
  public func approve(
    authorizeQuery: String, accountID: String? = nil, grantedScopes: [String]? = nil
  ) -> Result<String, SandboxError> {
    core.approve(authorizeQuery: authorizeQuery, account: accountID, granted: grantedScopes)
  }

  /// The phone scans the QR code: `scannedURL` is the URL the app drew (get_qrcode's URL with
  /// `tobefilled` replaced). Returns the client_ticket the sandbox will echo.
  public func scanQR(token: String, scannedURL: String) -> Result<String, SandboxError> {
    core.withState { state, now in state.scanQR(token: token, scannedURL: scannedURL, now: now) }
      ?? .failure(.stateFileUnavailable)
  }

  /// The phone confirms the scanned QR code as this account (open_id or username).
  public func confirmQR(token: String, accountID: String) -> Result<Void, SandboxError> {
    core.withState { state, now in state.confirmQR(token: token, account: accountID, now: now) }
      ?? .failure(.stateFileUnavailable)
  }

  /// The phone declines; polls keep saying `scanned` until the QR code expires.
  public func declineQR(token: String) -> Result<Void, SandboxError> {
    core.withState { state, now in state.declineQR(token: token, now: now) }
      ?? .failure(.stateFileUnavailable)
  }

  /// The page that plays the phone for a QR code, prefilled with the URL the app drew.
  public func phonePageURL(token: String, scanURL: String) -> String {
    baseURL + "/_sandbox/phone?" + SandboxForm.encode([("token", token), ("url", scanURL)])
  }

  /// Shell lines that point tractok at this sandbox.
  public func environmentHint() -> String {
    Self.environmentHint(baseURL: baseURL, settings: settings)
  }

  static func environmentHint(baseURL: String, settings: SandboxSettings) -> String {
    let exports = [
      "export TIKTOK_CLIENT_KEY=\(settings.clientKey)",
      "export TIKTOK_CLIENT_SECRET=\(settings.clientSecret)",
      "export TIKTOK_AUTH_BASE_URL=\(baseURL)",
      "export TIKTOK_API_BASE_URL=\(baseURL)",
    ]
    let stored = settings.apps.map {
      "tractok app add NAME --client-key \($0.clientKey) --auth-base-url \(baseURL) "
        + "--api-base-url \(baseURL)    (secret: \($0.clientSecret))"
    }
    let more = stored.isEmpty ? [] : ["", "or store its other apps:"] + stored
    return (exports + more).joined(separator: "\n")
  }

}

/// A token as the sandbox issued it, for harnesses that check what clients hold.
public struct SandboxIssuedToken: Equatable, Sendable {
  /// The account whose grant issued it.
  public var openID: String
  /// When it stops working (a refresh token: its grant's refresh deadline).
  public var expiresAt: Date
  /// A refresh token already exchanged for a new pair: presenting it again is reuse.
  public var rotated: Bool
  /// Its grant was revoked (reuse, or the revoke endpoint).
  public var revoked: Bool

  /// Whether TikTok would accept it at `date`.
  public func isValid(at date: Date) -> Bool { !rotated && !revoked && expiresAt > date }
}
