import Domain
import Foundation

/// One QR login attempt from `get_qrcode`, and how far the phone has got with it.
struct QRCode: Codable, Equatable, Sendable {
  enum Phase: Codable, Equatable, Sendable {
    case new
    /// Scanned with the ticket the phone read from the URL; a decline keeps it here.
    case scanned(ticket: String)
    /// Confirmed on the phone; `handedOut` once a poll has received the code.
    case confirmed(ticket: String, code: String, handedOut: Bool)
  }

  var clientKey: String
  var scopes: [String]
  var state: String?
  /// The URL as get_qrcode returned it, with `client_ticket=tobefilled`.
  var scanURL: String
  var expiresAt: Date
  var phase = Phase.new
}

extension SandboxState {
  /// The placeholder the app must replace with its own client_ticket.
  static let ticketPlaceholder = "tobefilled"

  /// `POST /v2/oauth/get_qrcode/`: a scan URL with `client_ticket=tobefilled` and a poll token.
  mutating func getQRCode(_ http: HTTPRequest, now: Date) -> SandboxReply {
    let logID = SandboxIssuer.logID(at: now)
    let form: SandboxForm
    let clientKey: String
    switch oauthForm(http, endpoint: .getQRCode, needsSecret: false, now: now, logID: logID) {
    case .success(let checked): (form, clientKey) = checked
    case .failure(let reply): return reply
    }
    guard let scopeList = form.only("scope") else {
      return .oauthError("invalid_request", "scope is required.", logID: logID)
    }
    guard let scopes = Self.parseScopes(scopeList) else {
      return .oauthError("invalid_scope", "The scope is invalid or not approved.", logID: logID)
    }
    let state = form.only("state")
    var url =
      "aweme://authorize?"
      + SandboxForm.encode([
        ("authType", "100"), ("client_key", clientKey),
        ("client_ticket", Self.ticketPlaceholder), ("scope", scopeList),
      ])
    if let state { url += "&" + SandboxForm.encode([("state", state)]) }
    let token = SandboxIssuer.qrToken()
    records.qrCodes[token] = QRCode(
      clientKey: clientKey, scopes: scopes, state: state, scanURL: url,
      expiresAt: now.addingTimeInterval(TimeInterval(settings.qrTTL)))
    records.ledger.qrTokensIssued.append(token)
    return .json(
      .object([("scan_qrcode_url", .string(url)), ("token", .string(token))]), logID: logID)
  }

  /// `POST /v2/oauth/check_qrcode/`: one status object per poll; the confirmed reply (with the
  /// code, and no `state`, as in TikTok's example) is handed out once, later polls say
  /// `utilised`.
  mutating func checkQRCode(_ http: HTTPRequest, now: Date) -> SandboxReply {
    let logID = SandboxIssuer.logID(at: now)
    let form: SandboxForm
    let clientKey: String
    switch oauthForm(http, endpoint: .checkQRCode, needsSecret: true, now: now, logID: logID) {
    case .success(let checked): (form, clientKey) = checked
    case .failure(let reply): return reply
    }
    guard let token = form.only("token"), var qr = records.qrCodes[token], qr.clientKey == clientKey
    else {
      return .oauthError("invalid_request", "The token is invalid.", logID: logID)
    }
    let status: [(String, SandboxJSON)]
    switch qr.phase {
    case .confirmed(let ticket, _, true):
      status = [("client_ticket", .string(ticket)), ("status", .string("utilised"))]
    case _ where now >= qr.expiresAt:
      status = [("client_ticket", .string("")), ("status", .string("expired"))]
    case .new:
      status = [("client_ticket", .string("")), ("status", .string("new"))]
    case .scanned(let ticket):
      status = [("client_ticket", .string(ticket)), ("status", .string("scanned"))]
    case .confirmed(let ticket, let code, false):
      // TikTok's example, in shape: the code in `redirect_uri`, no `state` anywhere (the
      // ticket is what the app checks).
      status = [
        ("client_ticket", .string(ticket)),
        ("redirect_uri", .string(Self.callbackURL(settings.qrRedirectURI, [("code", code)]))),
        ("status", .string("confirmed")),
      ]
      qr.phase = .confirmed(ticket: ticket, code: code, handedOut: true)
      records.qrCodes[token] = qr
    }
    return .json(.object(status), logID: logID)
  }

  /// The phone scans the URL the app drew; returns the client_ticket it read from it.
  ///
  /// The URL must be get_qrcode's, byte for byte, with only `tobefilled` replaced.
  mutating func scanQR(token: String, scannedURL: String, now: Date) -> Result<String, SandboxError>
  {
    guard var qr = records.qrCodes[token] else { return .failure(.unknownQRCode) }
    guard now < qr.expiresAt else { return .failure(.qrCodeExpired) }
    if case .confirmed = qr.phase { return .failure(.qrCodeAlreadyConfirmed) }
    guard let ticket = Self.ticket(in: scannedURL, template: qr.scanURL) else {
      return .failure(.scanURLMismatch)
    }
    qr.phase = .scanned(ticket: ticket)
    records.qrCodes[token] = qr
    return .success(ticket)
  }

  /// The ticket that replaced `tobefilled` in `url`, decoded once; nil if anything else changed.
  static func ticket(in url: String, template: String) -> String? {
    let marker = "client_ticket=" + ticketPlaceholder
    guard let range = template.range(of: marker) else { return nil }
    let prefix = Array((template[..<range.lowerBound] + "client_ticket=").utf8)
    let suffix = Array(template[range.upperBound...].utf8)
    let bytes = Array(url.utf8)
    guard bytes.count > prefix.count + suffix.count, bytes.starts(with: prefix),
      bytes.reversed().starts(with: suffix.reversed())
    else { return nil }
    let raw = bytes[prefix.count..<(bytes.count - suffix.count)]
    guard raw.count < 512,
      raw.allSatisfy({ SandboxForm.isUnreserved($0) || $0 == UInt8(ascii: "%") }),
      let decoded = SandboxForm(Array("t=".utf8) + raw)?.only("t"), !decoded.isEmpty
    else { return nil }
    return decoded
  }

  /// The phone confirms as `account`: a code is issued and the next poll hands it out.
  mutating func confirmQR(token: String, account reference: String, now: Date)
    -> Result<Void, SandboxError>
  {
    guard var qr = records.qrCodes[token] else { return .failure(.unknownQRCode) }
    guard now < qr.expiresAt else { return .failure(.qrCodeExpired) }
    guard case .scanned(let ticket) = qr.phase else {
      if case .confirmed = qr.phase { return .failure(.qrCodeAlreadyConfirmed) }
      return .failure(.qrCodeNotScanned)
    }
    guard let account = account(reference) else { return .failure(.unknownAccount(reference)) }
    let code = issueCode(
      openID: account.openID, clientKey: qr.clientKey, scopes: qr.scopes,
      redirectURI: settings.qrRedirectURI, challenge: nil, now: now)
    qr.phase = .confirmed(ticket: ticket, code: code, handedOut: false)
    records.qrCodes[token] = qr
    return .success(())
  }

  /// The phone declines. TikTok documents no declined status, so polls keep saying `scanned`
  /// until the QR code expires; the phone may scan again.
  func declineQR(token: String, now: Date) -> Result<Void, SandboxError> {
    guard let qr = records.qrCodes[token] else { return .failure(.unknownQRCode) }
    guard now < qr.expiresAt else { return .failure(.qrCodeExpired) }
    switch qr.phase {
    case .new: return .failure(.qrCodeNotScanned)
    case .scanned: return .success(())
    case .confirmed: return .failure(.qrCodeAlreadyConfirmed)
    }
  }
}
