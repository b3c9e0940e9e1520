import Foundation

/// Reads one HTTP/1.1 response from a channel: status line, headers, and a body framed by
/// `Content-Length`, chunked encoding or the end of the stream, never more than the cap.
struct HTTPResponseReader {
  /// The longest status line plus headers accepted.
  static let maximumHeadBytes = 65_536

  let channel: any ByteChannel
  let limit: IOLimit
  let maximumBodyBytes: Int
  private var buffer: [UInt8] = []
  private var start = 0
  private var closed = false

  init(channel: any ByteChannel, limit: IOLimit, maximumBodyBytes: Int) {
    self.channel = channel
    self.limit = limit
    self.maximumBodyBytes = maximumBodyBytes
  }

  private static let malformed = TransportFailure.interrupted("malformed response")

  /// The response to a request with `method`; interim 1xx answers are skipped.
  mutating func response(method: String) -> Result<HTTPResponse, TransportFailure> {
    while true {
      let head: (status: Int, headers: [(name: String, value: String)])
      switch readHead() {
      case .success(let parsed): head = parsed
      case .failure(let reason): return .failure(reason)
      }
      if (100..<200).contains(head.status) && head.status != 101 { continue }
      let response = HTTPResponse(status: head.status, headers: head.headers, body: [])
      let noBody =
        method == "HEAD" || head.status < 200 || head.status == 204
        || head.status == 304
      if noBody { return .success(response) }
      return readBody(response).map { body in
        HTTPResponse(status: head.status, headers: head.headers, body: body)
      }
    }
  }

  private mutating func readHead() -> Result<
    (status: Int, headers: [(name: String, value: String)]), TransportFailure
  > {
    let statusLine: [UInt8]
    switch line(maximum: Self.maximumHeadBytes) {
    case .success(let text): statusLine = text
    case .failure(let reason): return .failure(reason)
    }
    // "HTTP/1.1 200 OK": a version, three digits, an optional reason.
    let parts = statusLine.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
      let status = Int(String(decoding: parts[1], as: UTF8.self))
    else { return .failure(Self.malformed) }
    var headers: [(name: String, value: String)] = []
    var size = statusLine.count
    while true {
      let bytes: [UInt8]
      switch line(maximum: Self.maximumHeadBytes - size) {
      case .success(let text): bytes = text
      case .failure(let reason): return .failure(reason)
      }
      size += bytes.count + 2
      if bytes.isEmpty { return .success((status, headers)) }
      guard let colon = bytes.firstIndex(of: 0x3A), colon > 0 else {
        return .failure(Self.malformed)
      }
      let name = String(decoding: bytes[..<colon], as: UTF8.self)
      let value = String(decoding: bytes[(colon + 1)...], as: UTF8.self)
      headers.append((name, value.trimmingSpaces()))
    }
  }

  private mutating func readBody(_ head: HTTPResponse) -> Result<[UInt8], TransportFailure> {
    if let coding = head.header("Transfer-Encoding"), coding.lowercased().contains("chunked") {
      return readChunked()
    }
    if let text = head.header("Content-Length") {
      guard let length = Int(text.trimmingSpaces()), length >= 0 else {
        return .failure(Self.malformed)
      }
      guard length <= maximumBodyBytes else { return .failure(.responseTooLarge) }
      return bytes(length)
    }
    // Neither: the body runs to the end of the stream.
    while !closed {
      if case .failure(let reason) = fill() { return .failure(reason) }
      if buffer.count - start > maximumBodyBytes { return .failure(.responseTooLarge) }
    }
    return .success(Array(buffer[start...]))
  }

  private mutating func readChunked() -> Result<[UInt8], TransportFailure> {
    var body: [UInt8] = []
    while true {
      let sizeLine: [UInt8]
      switch line(maximum: 1024) {
      case .success(let text): sizeLine = text
      case .failure(let reason): return .failure(reason)
      }
      let digits = sizeLine.prefix { $0 != 0x3B && $0 != 0x20 }
      guard let size = Int(String(decoding: digits, as: UTF8.self), radix: 16), size >= 0 else {
        return .failure(Self.malformed)
      }
      if size == 0 { break }
      guard body.count + size <= maximumBodyBytes else { return .failure(.responseTooLarge) }
      switch bytes(size) {
      case .success(let chunk): body += chunk
      case .failure(let reason): return .failure(reason)
      }
      guard case .success(let end) = line(maximum: 2), end.isEmpty else {
        return .failure(Self.malformed)
      }
    }
    // Trailers, up to the blank line.
    while true {
      switch line(maximum: Self.maximumHeadBytes) {
      case .success(let text): if text.isEmpty { return .success(body) }
      case .failure(let reason): return .failure(reason)
      }
    }
  }

  /// The next line without its CRLF (a bare LF is accepted too).
  private mutating func line(maximum: Int) -> Result<[UInt8], TransportFailure> {
    // Bytes after `start` already searched; `fill` may move `start` back to 0.
    var searched = 0
    while true {
      if let newline = buffer[(start + searched)...].firstIndex(of: 0x0A) {
        var end = newline
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let text = Array(buffer[start..<end])
        start = newline + 1
        return .success(text)
      }
      searched = buffer.count - start
      guard searched <= maximum else { return .failure(Self.malformed) }
      guard !closed else { return .failure(.interrupted("connection lost")) }
      if case .failure(let reason) = fill() { return .failure(reason) }
    }
  }

  /// Exactly `count` bytes.
  private mutating func bytes(_ count: Int) -> Result<[UInt8], TransportFailure> {
    while buffer.count - start < count {
      guard !closed else { return .failure(.interrupted("connection lost")) }
      if case .failure(let reason) = fill() { return .failure(reason) }
    }
    defer { start += count }
    return .success(Array(buffer[start..<(start + count)]))
  }

  /// Reads what arrives next; drops bytes already consumed so the buffer stays small.
  private mutating func fill() -> Result<Void, TransportFailure> {
    if start > 0 && start == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      start = 0
    }
    switch channel.read(upTo: 16_384, limit: limit) {
    case .success(let chunk):
      if chunk.isEmpty { closed = true } else { buffer += chunk }
      return .success(())
    case .failure(let reason): return .failure(reason)
    }
  }
}

extension String {
  /// Without leading and trailing spaces and tabs (HTTP's optional white space).
  fileprivate func trimmingSpaces() -> String {
    var slice = Substring(self)
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }
}
