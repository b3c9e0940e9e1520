import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One HTTP response read off a loopback socket.
public struct LoopbackResponse: Sendable {
  public let status: Int
  public let headers: [(name: String, value: String)]
  /// The body as received.
  public let bytes: [UInt8]

  public init(status: Int, headers: [(name: String, value: String)], bytes: [UInt8]) {
    self.status = status
    self.headers = headers
    self.bytes = bytes
  }

  /// The body as UTF-8 text.
  public var body: String { String(decoding: bytes, as: UTF8.self) }

  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  public func headerValues(_ name: String) -> [String] {
    headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
  }
}

/// A tiny HTTP/1.1 client for `http://127.0.0.1:PORT/...` URLs, over a raw socket: the request
/// goes out exactly as written (no normalisation), as tests of wire formats need.
public enum LoopbackHTTP {
  /// Sends a request to an absolute loopback URL and reads the whole response (`Connection: close`).
  public static func request(
    _ method: String, _ url: String, headers: [(String, String)] = [], body: String = "",
    timeout: TimeInterval = 10
  ) throws -> LoopbackResponse {
    guard let components = URLComponents(string: url), let port = components.port else {
      throw LoopbackHTTPError.badURL(url)
    }
    let target = components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
    return try request(
      port: port, method: method, target: target.isEmpty ? "/" : target,
      host: components.host ?? "127.0.0.1", headers: headers, body: Array(body.utf8),
      timeout: timeout)
  }

  /// Sends `method target` to 127.0.0.1:`port` exactly as given and reads the response.
  public static func request(
    port: Int, method: String, target: String, host: String = "127.0.0.1",
    headers: [(String, String)] = [], body: [UInt8] = [], timeout: TimeInterval = 10
  ) throws -> LoopbackResponse {
    var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
    return try parse(try exchange(port: port, request: Array((head + "\r\n").utf8) + body, timeout: timeout))
  }

  /// A socket connected to 127.0.0.1:`port` (or [::1]:`port`), or -1 when nothing listens.
  public static func connect(port: Int, ipv6: Bool = false) -> Int32 {
    let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return -1 }
    let result: Int32
    if ipv6 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
      address.sin6_addr = in6addr_loopback
      result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
      }
    } else {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
      address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
      result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
    }
    guard result == 0 else {
      close(fd)
      return -1
    }
    return fd
  }

  /// Writes raw bytes to 127.0.0.1:`port` and returns everything read until close or timeout.
  public static func exchange(port: Int, request: [UInt8], timeout: TimeInterval) throws -> [UInt8] {
    let fd = connect(port: port)
    guard fd >= 0 else { throw LoopbackHTTPError.connect(port) }
    defer { close(fd) }
    var sent = 0
    while sent < request.count {
      let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else { break }
      sent += count
    }
    var response: [UInt8] = []
    let deadline = Date().addingTimeInterval(timeout)
    var chunk = [UInt8](repeating: 0, count: 16384)
    while Date() < deadline {
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, 100) >= 0 else { break }
      if descriptor.revents == 0 { continue }
      let count = recv(fd, &chunk, chunk.count, 0)
      if count <= 0 { return response }
      response.append(contentsOf: chunk[0..<count])
      if isComplete(response) { return response }
    }
    throw LoopbackHTTPError.timedOut
  }

  /// Whether `bytes` hold a whole response with a Content-Length (servers that keep the
  /// connection open despite `Connection: close` are read to the end of that length).
  static func isComplete(_ bytes: [UInt8]) -> Bool {
    guard let response = try? parse(bytes), let length = response.header("Content-Length").flatMap(Int.init)
    else { return false }
    return response.bytes.count >= length
  }

  static func parse(_ bytes: [UInt8]) throws -> LoopbackResponse {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let end = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) })
    else { throw LoopbackHTTPError.malformed }
    let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = lines.first?.split(separator: " ") ?? []
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw LoopbackHTTPError.malformed }
    let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
    return LoopbackResponse(status: status, headers: headers, bytes: Array(bytes[(end + 4)...]))
  }
}

public enum LoopbackHTTPError: Error, Equatable {
  case badURL(String)
  case socket
  case connect(Int)
  case timedOut
  case malformed
}
