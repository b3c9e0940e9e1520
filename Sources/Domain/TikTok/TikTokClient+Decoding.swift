import Foundation

/// The two error shapes, the `data` wrapper and the value checks shared by every decoder.
extension TikTokClient {
  /// Ten years: no lifetime TikTok hands out comes near it, so anything longer is garbage.
  static let maximumLifetime: Int64 = 10 * 365 * 86_400

  /// The JSON object of an answer. A body that is not JSON is a TikTok error when the status
  /// says so (an HTML 502 page), otherwise malformed.
  static func root(of response: HTTPResponse, endpoint: TikTokEndpoint) throws(DomainError)
    -> JSONFields
  {
    guard let object = JSONValue.parse(response.body)?.object else {
      if response.status >= 400 { throw httpError(response) }
      if (300..<400).contains(response.status) {
        // A redirect would carry the secret or token elsewhere; it is never followed.
        throw DomainError.malformedResponse(
          "\(endpoint.path) answered HTTP \(response.status), a redirect tractok does not follow")
      }
      throw DomainError.malformedResponse("the answer from \(endpoint.path) is not a JSON object")
    }
    return JSONFields(object, context: "")
  }

  /// An HTTP error without a TikTok error body.
  static func httpError(_ response: HTTPResponse) -> DomainError {
    .tikTok(
      TikTokError(
        code: "http_\(response.status)", message: "HTTP \(response.status) \(response.reason)",
        logID: logID(in: response), httpStatus: response.status))
  }

  /// The object holding the answer's fields: the root, or a legacy `data` wrapper when the
  /// root has none of `keys`.
  static func payload(_ root: JSONFields, keys: [String]) -> JSONFields {
    if keys.contains(where: root.has) { return root }
    if let data = try? root.object("data") { return data }
    return root
  }

  /// The OAuth (flat) error in `fields`, if any: `error` + `error_description` + `log_id`, or
  /// the legacy `error_code` + `description`; a Display-shaped `error` object is read too.
  static func oauthError(in fields: JSONFields, response: HTTPResponse) -> DomainError? {
    if let code = try? fields.string("error"), !code.isEmpty {
      let message = (try? fields.string("error_description")) ?? ""
      return .tikTok(
        TikTokError(
          code: UntrustedText.sanitize(code), message: message,
          logID: (try? fields.string("log_id")) ?? logID(in: response),
          httpStatus: response.status))
    }
    if let code = try? fields.integer("error_code", in: Int64.min...Int64.max), code != 0 {
      let message = (try? fields.string("description")) ?? ""
      return .tikTok(
        TikTokError(
          code: "error_code_\(code)", message: message, logID: logID(in: response),
          httpStatus: response.status))
    }
    return displayError(in: fields, response: response)
  }

  /// The Display API error in `{data, error:{code, message, log_id}}`, nil when `code` is `ok`.
  static func displayError(in root: JSONFields, response: HTTPResponse) -> DomainError? {
    guard let error = try? root.object("error"), let code = try? error.string("code"),
      code != "ok"
    else { return nil }
    return .tikTok(
      TikTokError(
        code: code.isEmpty ? "unknown_error" : UntrustedText.sanitize(code),
        message: (try? error.string("message")) ?? "",
        logID: (try? error.string("log_id")) ?? logID(in: response), httpStatus: response.status))
  }

  /// The `data` object of a successful Display API answer.
  static func displayData(_ response: HTTPResponse, endpoint: TikTokEndpoint) throws(DomainError)
    -> JSONFields
  {
    let root = try root(of: response, endpoint: endpoint)
    if let error = displayError(in: root, response: response) { throw error }
    if root.has("error") {
      guard let error = try root.object("error"), error.has("code") else {
        throw DomainError.malformedResponse("error has no code")
      }
    }
    guard (200...299).contains(response.status) else { throw httpError(response) }
    guard let data = try root.object("data") else { throw root.missing("data") }
    return data
  }

  /// A token or id TikTok sent: non-empty printable ASCII without spaces (it ends up in
  /// headers and SQL keys, so anything else is refused rather than cleaned).
  static func opaque(_ text: String, field: String) throws(DomainError) -> String {
    guard !text.isEmpty, text.utf8.count <= 4096,
      text.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
    else { throw DomainError.malformedResponse("\(field) is not a valid token or id") }
    return text
  }
}
