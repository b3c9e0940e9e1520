import Foundation

/// A parsed redirect URI and TikTok's rules for desktop apps (loopback host, port, `*` port).
public struct RedirectURI: Equatable, Sendable {
  /// The port part: a number, or `*` (TikTok lets desktop apps register any port).
  public enum Port: Equatable, Sendable {
    case number(Int)
    case any
  }

  public let text: String
  public let scheme: String
  public let host: String
  public let port: Port?
  public let path: String

  /// Parses `text` without normalizing it: TikTok compares redirect URIs byte for byte.
  public init?(_ text: String) {
    guard let schemeEnd = text.range(of: "://") else { return nil }
    let scheme = String(text[..<schemeEnd.lowerBound])
    let rest = text[schemeEnd.upperBound...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard !authority.isEmpty, !authority.contains("@") else { return nil }
    var host = String(authority)
    var port: Port?
    if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
      host = String(authority[..<colon])
      let portText = authority[authority.index(after: colon)...]
      if portText == "*" {
        port = .any
      } else if let number = Int(portText), (1...65535).contains(number),
        portText.allSatisfy(\.isASCII)
      {
        port = .number(number)
      } else {
        return nil
      }
    }
    guard !host.isEmpty else { return nil }
    self.text = text
    self.scheme = scheme
    self.host = host
    self.port = port
    self.path = String(rest[authorityEnd...])
  }

  /// Whether the host is a loopback name TikTok accepts for desktop apps.
  public var isLoopback: Bool { host == "127.0.0.1" || host == "localhost" }

  /// The URI with a concrete port in place of `*`, as sent to TikTok in a request.
  public func withPort(_ number: Int) -> String {
    guard port == .any else { return text }
    return "\(scheme)://\(host):\(number)\(path)"
  }

  /// Problems that would make TikTok refuse this URI for a desktop app, each with its fix.
  public var desktopProblems: [String] {
    var problems: [String] = []
    if text.utf8.count >= 512 { problems.append("it is 512 characters or longer; TikTok allows less") }
    if text.contains("?") || text.contains("#") {
      problems.append("it has a query or fragment; register a plain path such as /callback/")
    }
    if scheme != "http" && scheme != "https" { problems.append("the scheme must be http or https") }
    if !isLoopback {
      problems.append(
        "the host is \(host); desktop apps must use 127.0.0.1 or localhost (use TRACTOK_LISTEN "
          + "behind a reverse proxy)")
    }
    if port == nil {
      problems.append("it has no port; desktop redirect URIs need one: :* (any free port) is best")
    }
    if path.isEmpty { problems.append("it has no path; use e.g. /callback/") }
    return problems
  }

  /// Problems with a URI that is not even parseable, for messages.
  public static func unparseableProblem(_ text: String) -> String {
    "\"\(UntrustedText.sanitize(text))\" is not an absolute URI like \(Configuration.defaultRedirectURI)"
  }
}

extension RedirectURI {
  /// What to register at TikTok for this desktop redirect URI, and what its port and host
  /// mean for connecting, one sentence each (for `doctor` and the README's advice).
  public var registrationAdvice: [String] {
    var advice = [
      "register \(UntrustedText.sanitize(text)) at TikTok exactly as written: byte for byte, "
        + "trailing slash included (localhost and 127.0.0.1 are different URIs to TikTok)"
    ]
    switch port {
    case .any?:
      advice.append(
        "its port * lets tractok take any free port at each connect, as TikTok recommends; "
          + "over SSH the ssh -L line names the port taken")
    case .number(let number)?:
      advice.append(
        "its port \(number) is fixed, so every connect needs it free; TikTok recommends "
          + "\(Configuration.defaultRedirectURI) (any free port): keep a fixed port only if your "
          + "app's registration needs one")
    case nil: break
    }
    if host == "localhost" {
      advice.append(
        "with localhost tractok listens on 127.0.0.1 and ::1 (a browser may try either), so "
          + "both must be free; 127.0.0.1 needs one address only")
    }
    return advice
  }
}
