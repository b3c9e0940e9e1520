import Domain

/// An answer before it becomes bytes, so fault switches can still rewrite its JSON.
///
/// It is an `Error` only so request checks can return an early answer as a `Result` failure.
struct SandboxReply: Error, Sendable {
  enum Body: Sendable {
    case json(SandboxJSON)
    case html(String)
    /// Bytes sent as they are (garbled bodies from fault switches).
    case raw(contentType: String, bytes: [UInt8])
    case empty
  }

  var status: Int
  var headers: [(name: String, value: String)] = []
  var body: Body

  /// The JSON body, if the reply has one.
  var json: SandboxJSON? {
    if case .json(let value) = body { return value }
    return nil
  }

  /// A JSON answer; TikTok also puts the log id in an `x-tt-logid` header.
  static func json(_ value: SandboxJSON, status: Int = 200, logID: String? = nil) -> SandboxReply {
    var reply = SandboxReply(status: status, body: .json(value))
    if let logID { reply.headers.append(("x-tt-logid", logID)) }
    return reply
  }

  /// The flat OAuth error shape; TikTok answers these with HTTP 200 more often than not.
  static func oauthError(_ code: String, _ description: String, logID: String, status: Int = 200)
    -> SandboxReply
  {
    .json(
      .object([
        ("error", .string(code)), ("error_description", .string(description)),
        ("log_id", .string(logID)),
      ]), status: status, logID: logID)
  }

  /// The Display API envelope with an error and empty data.
  static func apiError(_ code: String, _ message: String, logID: String, status: Int)
    -> SandboxReply
  {
    .json(
      apiEnvelope(data: .object([]), code: code, message: message, logID: logID),
      status: status, logID: logID)
  }

  /// The Display API envelope around `data`, with `code: "ok"`.
  static func apiSuccess(_ data: SandboxJSON, logID: String) -> SandboxReply {
    .json(apiEnvelope(data: data, code: "ok", message: "", logID: logID), logID: logID)
  }

  private static func apiEnvelope(data: SandboxJSON, code: String, message: String, logID: String)
    -> SandboxJSON
  {
    .object([
      ("data", data),
      (
        "error",
        .object([
          ("code", .string(code)), ("message", .string(message)), ("log_id", .string(logID)),
        ])
      ),
    ])
  }

  /// An error in the shape `endpoint` uses: flat OAuth JSON, the API envelope, or a page.
  static func error(
    _ endpoint: SandboxEndpoint, code: String, message: String, status: Int, logID: String
  ) -> SandboxReply {
    switch endpoint.errorShape {
    case .oauth: oauthError(code, message, logID: logID, status: status)
    case .api: apiError(code, message, logID: logID, status: status)
    case .page:
      .html(SandboxPages.message(title: "Something went wrong", text: message), status: status)
    }
  }

  static func html(_ page: String, status: Int = 200) -> SandboxReply {
    SandboxReply(status: status, headers: [("Cache-Control", "no-store")], body: .html(page))
  }

  /// A 302 to `location`, optionally setting a cookie, with a tiny page for old clients.
  static func redirect(_ location: String, cookie: String? = nil) -> SandboxReply {
    var headers: [(name: String, value: String)] = [("Location", location)]
    if let cookie { headers.append(("Set-Cookie", cookie)) }
    let page = SandboxPages.message(title: "Redirecting", text: "Continue to the app.")
    return SandboxReply(status: 302, headers: headers, body: .html(page))
  }

  /// The HTTP response the loopback server writes.
  var response: HTTPResponse {
    switch body {
    case .json(let value):
      HTTPResponse(
        status: status, contentType: "application/json; charset=utf-8", text: value.text,
        headers: headers)
    case .html(let page):
      HTTPResponse(
        status: status, contentType: "text/html; charset=utf-8", text: page, headers: headers)
    case .raw(let contentType, let bytes):
      HTTPResponse(status: status, headers: [("Content-Type", contentType)] + headers, body: bytes)
    case .empty: HTTPResponse(status: status, headers: headers)
    }
  }
}
