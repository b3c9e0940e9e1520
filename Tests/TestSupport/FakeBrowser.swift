import Foundation

/// A browser stand-in for loopback OAuth tests: keeps cookies, follows redirects (HTTP ones and
/// a page's `<meta http-equiv="refresh">`), opens `file://` pages such as tractok's handoff
/// page, and submits the sandbox's consent form as a user would (choose an account, untick
/// scopes, approve or deny).
public final class FakeBrowser: @unchecked Sendable {
  private var cookies: [String: String] = [:]
  /// Every URL this browser loaded, in order.
  public private(set) var visited: [String] = []

  public init() {}

  /// Loads `url` (`http://127.0.0.1:...` or `file://`), following up to 5 redirects; returns
  /// the final response and its URL.
  @discardableResult
  public func open(_ url: String) throws -> (url: String, response: LoopbackResponse) {
    try follow(method: "GET", url: url, body: "")
  }

  /// On the consent page at `pageURL`, picks `account` (open_id; nil keeps the default),
  /// unticks `untick` scopes, and presses Authorize (or Cancel when `approve` is false).
  @discardableResult
  public func decide(
    on page: (url: String, response: LoopbackResponse), account: String? = nil,
    untick: Set<String> = [], approve: Bool = true
  ) throws -> (url: String, response: LoopbackResponse) {
    let html = page.response.body
    var fields = Self.inputs(in: html, type: "hidden")
    let radios = Self.inputs(in: html, type: "radio", checkedOnly: account == nil)
    if let account { fields.append(("account", account)) } else { fields += radios }
    fields += Self.inputs(in: html, type: "checkbox", checkedOnly: true).filter { !untick.contains($0.1) }
    fields.append(("decision", approve ? "approve" : "deny"))
    guard let base = URLComponents(string: page.url), let port = base.port else { throw LoopbackHTTPError.badURL(page.url) }
    let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
    return try follow(method: "POST", url: "http://\(base.host ?? "127.0.0.1"):\(port)/v2/auth/authorize/", body: body)
  }

  private func follow(method: String, url: String, body: String) throws -> (url: String, response: LoopbackResponse) {
    var current = url
    var method = method
    var body = body
    for _ in 0..<6 {
      visited.append(current)
      if current.hasPrefix("file://") {
        let page = try Self.load(file: current)
        guard let next = Self.metaRefresh(in: page.body) else { return (current, page) }
        current = next
        continue
      }
      var headers: [(String, String)] = []
      if !cookies.isEmpty { headers.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
      if method == "POST" { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
      let response = try LoopbackHTTP.request(method, current, headers: headers, body: body, timeout: 30)
      for cookie in response.headerValues("Set-Cookie") {
        let pair = cookie.split(separator: ";").first.map(String.init) ?? ""
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        if parts.count == 2 { cookies[parts[0]] = parts[1] }
      }
      guard (300..<400).contains(response.status), let location = response.header("Location") else {
        guard response.status == 200, let next = Self.metaRefresh(in: response.body) else {
          return (current, response)
        }
        current = next
        method = "GET"
        body = ""
        continue
      }
      current = location
      method = "GET"
      body = ""
    }
    throw LoopbackHTTPError.malformed
  }

  /// A local page, read as a browser reads it (a missing or unreadable file is an error).
  static func load(file url: String) throws -> LoopbackResponse {
    guard let path = URL(string: url)?.path, let data = FileManager.default.contents(atPath: path) else {
      throw LoopbackHTTPError.badURL(url)
    }
    return LoopbackResponse(status: 200, headers: [("Content-Type", "text/html")], bytes: Array(data))
  }

  /// Where `<meta http-equiv="refresh" content="0; url=...">` sends the browser (unescaped).
  public static func metaRefresh(in html: String) -> String? {
    let pattern = "<meta http-equiv=\"refresh\" content=\"[0-9]+; *url=([^\"]*)\""
    guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
      let match = regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)),
      let range = Range(match.range(at: 1), in: html)
    else { return nil }
    return unescape(String(html[range]))
  }

  /// `name`/`value` pairs of `<input type=...>` elements (values HTML-unescaped).
  static func inputs(in html: String, type: String, checkedOnly: Bool = false) -> [(String, String)] {
    let pattern = "<input type=\"\(type)\" name=\"([^\"]*)\" value=\"([^\"]*)\"([^>]*)>"
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).compactMap { match in
      guard let name = Range(match.range(at: 1), in: html), let value = Range(match.range(at: 2), in: html),
        let rest = Range(match.range(at: 3), in: html)
      else { return nil }
      let attributes = String(html[rest])
      if checkedOnly && !attributes.contains("checked") { return nil }
      if attributes.contains("disabled") { return nil }
      return (unescape(String(html[name])), unescape(String(html[value])))
    }
  }

  static func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  static func formEncode(_ text: String) -> String {
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}
