import Foundation

/// An outgoing HTTPS request with its own deadline; secrets travel only in headers and body.
public struct ClientRequest: Equatable, Sendable, CustomStringConvertible {
  public var method: String
  /// The absolute URL, query included. It never carries a secret (tokens go in headers/body).
  public var url: String
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]
  /// Seconds the whole call (connect, send, headers and body) may take.
  public var timeout: TimeInterval

  public init(
    method: String, url: String, headers: [(name: String, value: String)] = [],
    body: [UInt8] = [], timeout: TimeInterval = 30
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
  }

  /// The first value of a header, compared case-insensitively.
  public func header(_ name: String) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }

  /// Method and path only: headers and body may hold tokens.
  public var description: String {
    "\(method) \(RequestLogEntry.pathAndSafeQuery(of: url))"
  }

  public static func == (lhs: ClientRequest, rhs: ClientRequest) -> Bool {
    lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
      && lhs.timeout == rhs.timeout && lhs.headers.map(\.name) == rhs.headers.map(\.name)
      && lhs.headers.map(\.value) == rhs.headers.map(\.value)
  }
}

/// Why a call produced no HTTP response.
///
/// `notSent` is the only case that proves the server never saw the request, which is what makes
/// retrying a single-use code or a rotating refresh token safe.
public enum TransportFailure: Error, Equatable, Sendable {
  /// The request certainly did not reach the server (refused, DNS, TLS handshake, bad URL).
  case notSent(String)
  /// The server's certificate was refused (unknown authority, expired, issued for another
  /// name): nothing was sent, and trying again at once will not help; later it may (the trust
  /// store fixed, a captive portal passed).
  case untrusted(String)
  /// The connection broke after the request may have been sent.
  case interrupted(String)
  /// The deadline passed; the server may or may not have acted.
  case timedOut
  /// The answer was larger than the transport accepts.
  case responseTooLarge
  /// The caller's task was cancelled.
  case cancelled

  /// Whether the server can be sure not to have received the request.
  public var provablyNotSent: Bool {
    switch self {
    case .notSent, .untrusted: true
    case .interrupted, .timedOut, .responseTooLarge, .cancelled: false
    }
  }
}

/// Sends one HTTP request and returns the answer or why there is none, within the request's
/// timeout, whatever the server does.
public protocol HTTPTransport: Sendable {
  func send(_ request: ClientRequest) async -> Result<HTTPResponse, TransportFailure>
}
