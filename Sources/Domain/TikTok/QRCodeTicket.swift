/// A fresh QR login from `get_qrcode`.
public struct QRCodeTicket: Equatable, Sendable {
  /// TikTok's template, with `client_ticket=tobefilled` still in it.
  public var scanURLTemplate: String
  /// The polling token; kept in memory only.
  public var token: Secret

  public init(scanURLTemplate: String, token: Secret) {
    self.scanURLTemplate = scanURLTemplate
    self.token = token
  }
}

/// One `check_qrcode` answer as sent (interpreted by `QRLoginAttempt`).
public struct QRCheck: Equatable, Sendable {
  public var status: String
  public var clientTicket: String
  /// `redirect_uri`, else `redirect_url`, else `code`: a URL holding the code, or the code.
  public var codeCarrier: Secret?
  public var state: String?

  public init(status: String, clientTicket: String, codeCarrier: Secret?, state: String?) {
    self.status = status
    self.clientTicket = clientTicket
    self.codeCarrier = codeCarrier
    self.state = state
  }
}
