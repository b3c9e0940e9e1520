import Domain
import Foundation
import Sandbox
import TUI

/// TikTok's "Login Kit with QR Code" on the live backend, shared by `tractok connect --qr` and
/// the UI's runner: starting a code, reading each poll, the phone's part on the sandbox, and
/// the exchange. Callers own the pacing (`Session.pollDelay`) and what they show.
struct QRConnectFlow: Sendable {
  let services: Services

  /// One QR code in play. `token` stays in memory only.
  struct Session: Sendable {
    let login: QRLoginAttempt
    let token: Secret
    /// TikTok's URL with our client_ticket: what is drawn and what the phone scans.
    let scanURL: String
    /// When the code is dropped locally, whatever TikTok says.
    let expiresAt: Date
    /// The phase last shown; kept when an answer is ignored (another ticket, another state).
    var phase: QRPhase = .waiting
    var lastPollFailed = false

    /// How long to wait before the next poll: longer after a failed one.
    var pollDelay: TimeInterval {
      lastPollFailed ? QRLoginAttempt.errorPollInterval : QRLoginAttempt.pollInterval
    }
  }

  /// What one poll found.
  enum Poll: Equatable, Sendable {
    /// The phase to show (the last one when the answer was ignored); polling goes on while it
    /// is `waiting` or `scanned`.
    case phase(QRPhase)
    /// The poll failed; a transient failure is tried again after `pollDelay`.
    case failed(DomainError)
    /// TikTok reported an authorization error instead of a code.
    case denied(DomainError)
    /// Approved on the phone: exchange this code at once, and only once.
    case confirmed(code: Secret, redirectURI: String?)
  }

  /// Checks for a free slot, asks TikTok for a code and puts our client_ticket into its URL.
  func start(now: Date = Date()) async throws(DomainError) -> Session {
    _ = try services.checkFreeSlot()
    let login = QRLoginAttempt()
    let ticket = try await services.tikTok().client.qrCode(
      scopes: services.configuration.scopes, state: login.state)
    let scanURL = try login.scanURL(from: ticket.scanURLTemplate).get()
    return Session(
      login: login, token: ticket.token, scanURL: scanURL,
      expiresAt: now.addingTimeInterval(QRLoginAttempt.lifetime))
  }

  /// Asks TikTok about the code once (unless its local lifetime is over) and reads the answer.
  func poll(_ session: inout Session, now: Date = Date()) async -> Poll {
    guard now < session.expiresAt else {
      session.phase = .expired
      return .phase(.expired)
    }
    let check: QRCheck
    do {
      check = try await services.tikTok().client.checkQRCode(token: session.token)
      session.lastPollFailed = false
    } catch {
      session.lastPollFailed = true
      return .failed(error)
    }
    switch session.login.interpret(check) {
    case .ignored: return .phase(session.phase)
    case .waiting: session.phase = .waiting
    case .scanned: session.phase = .scanned
    case .expired: session.phase = .expired
    case .utilised: session.phase = .utilised
    case .denied(let error, let description):
      return .denied(.authorizationDenied(code: error, description: description))
    case .confirmed(let code, let redirectURI):
      session.phase = .confirmed
      return .confirmed(code: code, redirectURI: redirectURI)
    }
    return .phase(session.phase)
  }

  /// The normal code exchange and storing rules, without a PKCE verifier.
  func exchange(code: Secret, redirectURI: String?) async -> Result<ConnectResult, DomainError> {
    await services.connect(
      code: code, redirectURI: redirectURI, codeVerifier: nil,
      requested: services.configuration.scopes, granted: nil)
  }

  /// On the built-in sandbox, plays the phone: scans the URL we drew and confirms as `account`
  /// (an open_id or username; nil = the first sandbox account).
  func approveInSandbox(_ session: Session, account: String? = nil) -> Result<Void, DomainError> {
    guard let sandbox = services.sandbox else {
      return .failure(.failed("not running on the sandbox"))
    }
    let token = session.token.reveal
    let phone = sandbox.scanQR(token: token, scannedURL: session.scanURL).flatMap { _ in
      sandbox.confirmQR(token: token, accountID: account ?? sandbox.accounts.first?.openID ?? "")
    }
    return phone.mapError { .failed("the sandbox refused: \($0.message)") }
  }
}
