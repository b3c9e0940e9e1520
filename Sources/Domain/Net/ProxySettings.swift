import Foundation

/// The proxy `https://` calls go through: `https_proxy` (or `HTTPS_PROXY`), an
/// `http://[user:password@]host[:port]` URL, with `no_proxy` (or `NO_PROXY`) naming the hosts
/// that are reached directly. Plain `http://` calls (loopback only) never use a proxy.
public struct ProxySettings: Equatable, Sendable {
  /// A proxy that opens tunnels with `CONNECT`.
  public struct Proxy: Equatable, Sendable {
    public var host: String
    public var port: Int
    /// The `Proxy-Authorization` value (`Basic ...`) when the URL carries a user.
    public var authorization: Secret?

    public init(host: String, port: Int, authorization: Secret? = nil) {
      self.host = host
      self.port = port
      self.authorization = authorization
    }
  }

  /// The proxy's port when its URL names none (curl's default).
  public static let defaultPort = 1080

  public var proxy: Proxy?
  /// Host names (and domains, as suffixes) and IP addresses reached directly; `*` is all.
  public var exemptions: [String]
  /// Set when the variable is present but unusable: calls then fail with this reason rather
  /// than quietly going around the proxy. It never quotes the URL (it may hold a password).
  public var problem: String?

  public init(proxy: Proxy? = nil, exemptions: [String] = [], problem: String? = nil) {
    self.proxy = proxy
    self.exemptions = exemptions
    self.problem = problem
  }

  /// Reads the lower-case variables first, as curl does.
  public static func from(environment: [String: String]) -> ProxySettings {
    func value(_ names: String...) -> String? {
      names.lazy.compactMap { environment[$0]?.trimmingSpaces() }
        .first { !$0.isEmpty }
    }
    let exemptions = (value("no_proxy", "NO_PROXY") ?? "")
      .split(whereSeparator: { $0 == "," || $0 == " " })
      .map { normalized(String($0)) }.filter { !$0.isEmpty }
    guard let text = value("https_proxy", "HTTPS_PROXY") else {
      return ProxySettings(exemptions: exemptions)
    }
    switch parse(text) {
    case .some(let proxy): return ProxySettings(proxy: proxy, exemptions: exemptions)
    case .none:
      return ProxySettings(
        exemptions: exemptions,
        problem: "HTTPS_PROXY (or https_proxy) is not a usable proxy URL; expected "
          + "http://[user:password@]host[:port]")
    }
  }

  /// The proxy for a call to `host`, or nil when the call goes directly.
  public func proxy(forHost host: String) -> Proxy? {
    isExempt(host) ? nil : proxy
  }

  /// Whether `no_proxy` names `host`, itself or as a domain it belongs to.
  public func isExempt(_ host: String) -> Bool {
    let name = Self.normalized(host)
    return exemptions.contains { entry in
      entry == "*" || name == entry || name.hasSuffix("." + entry)
    }
  }

  private static func parse(_ text: String) -> Proxy? {
    let full = text.contains("://") ? text : "http://" + text
    guard let components = URLComponents(string: full), components.scheme?.lowercased() == "http",
      let host = components.host, !host.isEmpty,
      components.path.isEmpty || components.path == "/"
    else { return nil }
    let port = components.port ?? defaultPort
    guard (1...65535).contains(port) else { return nil }
    var authorization: Secret?
    if let user = components.percentEncodedUser?.removingPercentEncoding {
      let password = components.percentEncodedPassword?.removingPercentEncoding ?? ""
      let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
      authorization = Secret("Basic \(credentials)")
    }
    return Proxy(host: host, port: port, authorization: authorization)
  }

  /// Lower case, without IPv6 brackets, a `:port`, or a leading `*.` or `.`.
  private static func normalized(_ entry: String) -> String {
    var text = entry.trimmingSpaces().lowercased()
    if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
      text = String(text[text.index(after: text.startIndex)..<close])
    } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
      text = String(text[..<colon])
    }
    if text.hasPrefix("*.") { text.removeFirst(2) }
    if text.hasPrefix(".") { text.removeFirst() }
    return text
  }
}
