import Foundation

/// One QR code in play: our ticket and state, TikTok's poll token (memory only), the URL drawn.
public struct QRSession: Sendable {
  public let login: QRLoginAttempt
  public let token: Secret
  /// TikTok's URL with our client_ticket: what is drawn and what the phone scans.
  public let scanURL: String
  /// When the code is dropped locally, whatever TikTok says.
  public let expiresAt: Date
  /// The profile's app when the code was asked for: polls and the exchange go through it.
  public let app: ConnectingApp
  /// The phase last shown; kept while answers are ignored (another ticket, no code).
  public internal(set) var phase: QRPhase = .waiting
  var lastPollFailed = false

  /// How long to wait before the next poll: longer after a failed one.
  public var pollDelay: TimeInterval {
    lastPollFailed ? QRLoginAttempt.errorPollInterval : QRLoginAttempt.pollInterval
  }
}

extension QRProgress {
  /// What the UI and the CLI show for this progress; nil when there is nothing new to show
  /// (an ignored answer) or the login ended with an error.
  public var phase: QRPhase? {
    switch self {
    case .waiting: .waiting
    case .scanned: .scanned
    case .confirmed: .confirmed
    case .expired: .expired
    case .utilised: .utilised
    case .denied, .ignored: nil
    }
  }
}

extension AccountService {
  /// TikTok's "Login Kit with QR Code": checks for room, asks TikTok (the profile's app) for a
  /// code and puts our client_ticket into its scan URL.
  public func startQR() async throws(DomainError) -> QRSession {
    _ = try checkCanConnect()
    let login = QRLoginAttempt()
    let connecting = try apps.connecting()
    let ticket = try await connecting.client.qrCode(
      scopes: connecting.app.scopes.value, state: login.state)
    let scanURL = try login.scanURL(from: ticket.scanURLTemplate).get()
    return QRSession(
      login: login, token: ticket.token, scanURL: scanURL,
      expiresAt: now.addingTimeInterval(QRLoginAttempt.lifetime), app: connecting)
  }

  /// Asks TikTok about the code once (unless its local lifetime is over) and reads the answer;
  /// the session keeps the phase to show. Callers own the pacing (`QRSession.pollDelay`).
  public func pollQR(_ session: inout QRSession) async -> Result<QRProgress, DomainError> {
    guard now < session.expiresAt else {
      session.phase = .expired
      return .success(.expired)
    }
    let check: QRCheck
    do {
      check = try await session.app.client.checkQRCode(token: session.token)
      session.lastPollFailed = false
    } catch {
      session.lastPollFailed = true
      return .failure(error)
    }
    let progress = session.login.interpret(check)
    if let phase = progress.phase { session.phase = phase }
    return .success(progress)
  }

  /// A confirmed QR code's exchange: the normal one, without a PKCE verifier, through the app
  /// that drew the code.
  public func connectQR(code: Secret, redirectURI: String?, session: QRSession) async
    -> Result<ConnectResult, DomainError>
  {
    await connect(
      code: code, redirectURI: redirectURI, codeVerifier: nil,
      requested: session.app.app.scopes.value, granted: nil, through: session.app)
  }
}
