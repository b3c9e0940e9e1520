import Foundation

/// Where an absolute `http://` or `https://` URL points and the request head that asks it.
struct RequestTarget: Equatable, Sendable {
  var isSecure: Bool
  /// The host as connected to and verified (IPv6 without brackets).
  var host: String
  var port: Int
  /// Path and query as sent on the request line.
  var pathAndQuery: String

  /// The `Host` header and `CONNECT` authority: brackets around IPv6, the port when it is not
  /// the scheme's default.
  var authority: String {
    let name = host.contains(":") ? "[\(host)]" : host
    return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
  }

  /// `host:port` always, as `CONNECT` names a tunnel's end.
  var tunnelAuthority: String {
    "\(host.contains(":") ? "[\(host)]" : host):\(port)"
  }

  /// Parses an absolute URL; nil for other schemes, a missing host or user information (which
  /// would be a credential in a URL).
  init?(_ url: String) {
    guard let components = URLComponents(string: url),
      let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
      var host = components.host, !host.isEmpty, components.user == nil
    else { return nil }
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    let secure = scheme == "https"
    let port = components.port ?? (secure ? 443 : 80)
    guard (1...65535).contains(port) else { return nil }
    let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    let query = components.percentEncodedQuery.map { "?\($0)" } ?? ""
    let target = path + query
    guard target.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
    self.isSecure = secure
    self.host = host.lowercased()
    self.port = port
    self.pathAndQuery = target
  }

  /// The request's bytes: request line, `Host`, the caller's headers, `Content-Length` when
  /// there is a body (or the method carries one), then the body. Nil when a header could split
  /// the head (CR, LF) or names what the transport itself frames.
  func encode(_ request: ClientRequest, userAgent: String?) -> [UInt8]? {
    guard !request.method.isEmpty, request.method.utf8.allSatisfy(HTTPHeadParser.isTokenByte)
    else { return nil }
    var head = "\(request.method) \(pathAndQuery) HTTP/1.1\r\nHost: \(authority)\r\n"
    let reserved: Set = ["host", "content-length", "transfer-encoding", "connection"]
    for (name, value) in request.headers {
      guard !name.isEmpty, name.utf8.allSatisfy(HTTPHeadParser.isTokenByte),
        !reserved.contains(name.lowercased()),
        value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 })
      else { return nil }
      head += "\(name): \(value)\r\n"
    }
    if let userAgent, request.header("User-Agent") == nil { head += "User-Agent: \(userAgent)\r\n" }
    if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
      head += "Content-Length: \(request.body.count)\r\n"
    }
    return Array((head + "\r\n").utf8) + request.body
  }
}
