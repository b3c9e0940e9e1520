import Foundation

/// What one `check_qrcode` answer means for the QR login.
public enum QRProgress: Equatable, Sendable {
  /// Not scanned yet: keep polling.
  case waiting
  /// Scanned; the user still has to approve on the phone.
  case scanned
  /// Approved: exchange `code` (no verifier), sending `redirectURI` when TikTok gave one.
  case confirmed(code: Secret, redirectURI: String?)
  /// TikTok reported an error in the confirmed answer.
  case denied(error: String, description: String)
  /// The QR code is dead: get a new one.
  case expired
  /// The code was already handed out: this login is over.
  case utilised
  /// An answer that is not ours or not understood (another ticket, another state): ignore it
  /// and keep polling.
  case ignored(String)
}

/// One QR login: our `client_ticket` and `state`, the scan URL, and the reading of each poll.
public struct QRLoginAttempt: Equatable, Sendable {
  /// Poll every 2 s; after a network or 5xx failure wait 5 s; drop the code after 5 minutes.
  public static let pollInterval: TimeInterval = 2
  public static let errorPollInterval: TimeInterval = 5
  public static let lifetime: TimeInterval = 300
  static let placeholder = "tobefilled"

  /// 16 random bytes, base64url: URL-safe as TikTok requires.
  public let clientTicket: String
  /// 32 random bytes, base64url.
  public let state: String

  public init() {
    clientTicket = RandomToken.urlSafe(byteCount: 16)
    state = RandomToken.urlSafe(byteCount: 32)
  }

  /// TikTok's template with only the value `tobefilled` of its single `client_ticket`
  /// replaced by ours; every other byte is kept.
  public func scanURL(from template: String) -> Result<String, DomainError> {
    guard let mark = template.firstIndex(of: "?") else {
      return .failure(.malformedResponse("scan_qrcode_url has no query"))
    }
    var tickets: [Range<String.Index>] = []
    var start = template.index(after: mark)
    while start <= template.endIndex {
      let end = template[start...].firstIndex(of: "&") ?? template.endIndex
      let pair = template[start..<end]
      if pair.hasPrefix("client_ticket=") {
        tickets.append(pair.index(pair.startIndex, offsetBy: "client_ticket=".count)..<end)
      } else if pair == "client_ticket" {
        tickets.append(end..<end)
      }
      guard end < template.endIndex else { break }
      start = template.index(after: end)
    }
    guard tickets.count == 1, let range = tickets.first, template[range] == Self.placeholder else {
      return .failure(
        .malformedResponse(
          "scan_qrcode_url must hold exactly one client_ticket=\(Self.placeholder)"))
    }
    return .success(template.replacingCharacters(in: range, with: clientTicket))
  }

  /// Reads one poll answer.
  public func interpret(_ check: QRCheck) -> QRProgress {
    let ticketMatches = ConstantTime.equals(check.clientTicket, clientTicket)
    switch check.status {
    case "new": return .waiting
    case "expired": return .expired
    case "scanned":
      return check.clientTicket.isEmpty || ticketMatches ? .scanned : .ignored("another ticket")
    case "utilised": return ticketMatches ? .utilised : .ignored("another ticket")
    case "confirmed":
      guard ticketMatches else { return .ignored("another ticket") }
      guard let carrier = check.codeCarrier?.reveal else { return .ignored("no code") }
      return confirmed(carrier: carrier, fieldState: check.state.flatMap { $0.isEmpty ? nil : $0 })
    default: return .ignored("unknown status")
    }
  }

  /// The code from `redirect_uri`/`redirect_url` (a URL: its `code`) or `code` (the value).
  /// The matching ticket is what TikTok documents as the check (its own example carries no
  /// `state`); a `state` that is present, as a field or in the URL, must be ours, and two
  /// present must agree.
  private func confirmed(carrier: String, fieldState: String?) -> QRProgress {
    guard carrier.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      return .ignored("the code holds invalid characters")
    }
    let isURL = carrier.contains("?") || carrier.contains("://")
    guard isURL else {
      if let problem = stateProblem(fieldState, nil) { return .ignored(problem) }
      return .confirmed(code: Secret(carrier), redirectURI: nil)
    }
    let query = CallbackParser.split(carrier).query ?? ""
    let parameters: [String: String]
    switch CallbackParser.decode(query) {
    case .success(let decoded): parameters = decoded
    case .failure(let rejection): return .ignored(rejection.message)
    }
    if let problem = stateProblem(fieldState, parameters["state"]) { return .ignored(problem) }
    if let error = parameters["error"] {
      return .denied(
        error: UntrustedText.sanitize(error),
        description: UntrustedText.sanitize(parameters["error_description"] ?? ""))
    }
    guard let code = parameters["code"] else { return .ignored("no code") }
    let cut = carrier.firstIndex { $0 == "?" || $0 == "#" } ?? carrier.endIndex
    let redirect = carrier.contains("://") ? String(carrier[..<cut]) : nil
    return .confirmed(code: Secret(code), redirectURI: redirect)
  }

  /// Why the states an answer carries are not acceptable; nil when none is present, or every
  /// present one is ours.
  private func stateProblem(_ field: String?, _ inURL: String?) -> String? {
    if let field, let inURL, field != inURL { return "two states" }
    guard let state = field ?? inURL else { return nil }
    return ConstantTime.equals(state, self.state) ? nil : "state mismatch"
  }
}
