import Foundation

/// TikTok's "Login Kit with QR Code" (v2): `get_qrcode` and `check_qrcode`, flat answers.
extension TikTokClient {
  /// Starts a QR login for `scopes`; `state` may come back in the confirmed answer (TikTok's
  /// example has none: the `client_ticket` is the check).
  public func qrCode(scopes: [String], state: String) async throws(DomainError) -> QRCodeTicket {
    let response = try await postForm(
      .getQRCode,
      [("client_key", credentials.clientKey), ("scope", Scope.join(scopes)), ("state", state)])
    return try Self.decodeQRCode(response)
  }

  /// Polls the QR login once. Never retried here: the poller loops at its own pace.
  public func checkQRCode(token: Secret) async throws(DomainError) -> QRCheck {
    let response = try await postForm(
      .checkQRCode,
      [
        ("client_key", credentials.clientKey), ("client_secret", credentials.clientSecret.reveal),
        ("token", token.reveal),
      ])
    return try Self.decodeQRCheck(response)
  }

  /// The fields of a QR answer after the usual error checks.
  private static func qrFields(_ response: HTTPResponse, _ endpoint: TikTokEndpoint, keys: [String])
    throws(DomainError) -> JSONFields
  {
    let root = try root(of: response, endpoint: endpoint)
    let fields = payload(root, keys: keys + ["error"])
    if let error = oauthError(in: fields, response: response) { throw error }
    guard (200...299).contains(response.status) else { throw httpError(response) }
    return fields
  }

  static func decodeQRCode(_ response: HTTPResponse) throws(DomainError) -> QRCodeTicket {
    let fields = try qrFields(response, .getQRCode, keys: ["scan_qrcode_url", "token"])
    let url = try fields.requiredString("scan_qrcode_url")
    guard url.utf8.count < 4096, url.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      throw DomainError.malformedResponse("scan_qrcode_url is not a plain URL")
    }
    let token = try opaque(try fields.requiredString("token"), field: "token")
    return QRCodeTicket(scanURLTemplate: url, token: Secret(token))
  }

  static func decodeQRCheck(_ response: HTTPResponse) throws(DomainError) -> QRCheck {
    let fields = try qrFields(response, .checkQRCode, keys: ["status"])
    let status = UntrustedText.sanitize(try fields.requiredString("status"))
    var carrier: String?
    for key in ["redirect_uri", "redirect_url", "code"] where carrier == nil {
      carrier = try fields.string(key).flatMap { $0.isEmpty ? nil : $0 }
    }
    return QRCheck(
      status: status,
      clientTicket: try fields.string("client_ticket") ?? "",
      codeCarrier: carrier.map(Secret.init),
      state: try fields.string("state"))
  }
}
