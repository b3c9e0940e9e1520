import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A response as read off the socket.
struct RawResponse {
  var status: Int
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  var text: String { String(decoding: body, as: UTF8.self) }

  func header(_ name: String) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }

  /// The body as a JSON object, via Foundation (independent of the sandbox's own writer).
  var object: [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
  }

  /// The body decoded strictly into `T` (wrong JSON types fail here).
  func decode<T: Decodable>(_ type: T.Type) -> T? {
    try? JSONDecoder().decode(type, from: Data(body))
  }
}

/// What went wrong talking to the server.
enum RawFailure: Error, Equatable {
  case connect
  case timedOut
  case malformed
}

/// A tiny HTTP/1.1 client over a raw loopback socket, so tests see exactly what is on the wire.
enum RawHTTPClient {
  /// Sends one request and reads the response until the server closes the connection.
  static func request(
    port: Int, method: String, target: String, headers: [(String, String)] = [],
    body: [UInt8] = [], timeout: TimeInterval = 10
  ) -> Result<RawResponse, RawFailure> {
    var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
    head += "Connection: close\r\n\r\n"
    return exchange(port: port, bytes: Array(head.utf8) + body, timeout: timeout).flatMap(parse)
  }

  /// Writes `bytes` and reads until EOF or `timeout` passes without the response completing.
  static func exchange(port: Int, bytes: [UInt8], timeout: TimeInterval) -> Result<
    [UInt8], RawFailure
  > {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return .failure(.connect) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return .failure(.connect) }
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { return .failure(.connect) }
      offset += sent
    }
    let deadline = Date().addingTimeInterval(timeout)
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { return .failure(.timedOut) }
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, Int32(remaining * 1000) + 1)
      if ready == 0 { continue }
      guard ready > 0 else { return .failure(.connect) }
      let count = recv(fd, &chunk, chunk.count, 0)
      if count <= 0 { return .success(received) }
      received += chunk[0..<count]
    }
  }

  static func parse(_ bytes: [UInt8]) -> Result<RawResponse, RawFailure> {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard
      let end = (0..<max(0, bytes.count - 3)).first(where: {
        Array(bytes[$0..<($0 + 4)]) == separator
      })
    else { return .failure(.malformed) }
    let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = head.first?.split(separator: " ") ?? []
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
      return .failure(.malformed)
    }
    let headers = head.dropFirst().compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (
        String(line[..<colon]),
        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      )
    }
    return .success(RawResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...])))
  }
}
