/// The small, self-contained HTML pages the listener answers the browser with.
///
/// No scripts, no external resources (nothing can leak the callback URL through a Referer), and
/// never a code or token: only fixed text and sanitised, HTML-escaped messages.
public enum CallbackPage {
  /// The account was connected (`label` is its display name or @username).
  public static func connected(_ label: String) -> HTTPResponse {
    page(200, "Connected", "tractok connected \(label). You can close this tab.")
  }

  /// The callback was accepted; the terminal finishes the connection.
  public static func received() -> HTTPResponse {
    page(
      200, "Signed in",
      "tractok received TikTok's answer and finishes connecting in the terminal. "
        + "You can close this tab.")
  }

  /// The callback was accepted but connecting failed afterwards.
  public static func notConnected(_ message: String) -> HTTPResponse {
    page(200, "Not connected", "\(message). You can close this tab.")
  }

  /// TikTok reported an error for this sign-in.
  public static func denied(error: String, description: String) -> HTTPResponse {
    let detail = description.isEmpty ? error : "\(error): \(description)"
    return page(
      200, "Not connected",
      "TikTok reported \(detail). Nothing was connected; you can close this tab and try again "
        + "from tractok.")
  }

  /// The request was refused and changed nothing.
  public static func refused(_ rejection: CallbackRejection) -> HTTPResponse {
    switch rejection {
    case .attemptFinished:
      return page(
        409, "Already finished", "This sign-in has already finished. You can close this tab.")
    case .wrongMethod:
      var response = page(405, "Not accepted", "This request was ignored: \(rejection.message).")
      response.headers.append(("Allow", "GET"))
      return response
    case .notReady:
      return page(503, "Not ready", "tractok is not ready yet; reload this page in a moment.")
    default:
      return page(
        400, "Not accepted",
        "This request was ignored: \(rejection.message). tractok is still waiting for TikTok's "
          + "redirect.")
    }
  }

  static func page(_ status: Int, _ title: String, _ text: String) -> HTTPResponse {
    let html = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>tractok: \(escape(title))</title>
      <meta name="viewport" content="width=device-width">
      <style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em}
      </style>
      </head><body><h1>\(escape(title))</h1><p>\(escape(text))</p></body></html>

      """
    return HTTPResponse(
      status: status, contentType: "text/html; charset=utf-8", text: html,
      headers: [
        ("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
      ])
  }

  /// Sanitised, then escaped: safe inside HTML text and attributes.
  public static func escape(_ text: String) -> String { HTML.escape(UntrustedText.sanitize(text)) }
}
