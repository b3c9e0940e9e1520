/// Why the loopback server refused a request; each maps to the status it answers with.
public enum HTTPParseError: Error, Equatable, Sendable {
  case malformedRequestLine
  case unsupportedVersion
  case malformedHeader
  case tooManyHeaders
  case missingHost
  case duplicateHost
  case badContentLength
  case transferEncodingUnsupported
  case headTooLarge
  case bodyTooLarge
  case timedOut

  /// The HTTP status the server answers with.
  public var status: Int {
    switch self {
    case .unsupportedVersion: 505
    case .headTooLarge: 431
    case .bodyTooLarge: 413
    case .transferEncodingUnsupported: 501
    case .timedOut: 408
    default: 400
    }
  }
}

/// The request line and headers of a request, before its body is read.
public struct HTTPRequestHead: Equatable, Sendable {
  public var method: String
  public var target: String
  public var headers: [(name: String, value: String)]
  public var contentLength: Int

  public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
    lhs.method == rhs.method && lhs.target == rhs.target && lhs.contentLength == rhs.contentLength
      && lhs.headers.map(\.name) == rhs.headers.map(\.name)
      && lhs.headers.map(\.value) == rhs.headers.map(\.value)
  }
}

/// A strict HTTP/1.x request-head parser: printable ASCII only, origin-form targets, one Host.
///
/// It is pure (bytes in, verdict out) so the fuzz target and the listener share it.
public enum HTTPRequestParser {
  public static let maximumHeaders = 64

  /// The index just past the blank line that ends the head, if `bytes` holds it.
  public static func endOfHead(in bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 3..<bytes.count
    where bytes[index] == 0x0A && bytes[index - 1] == 0x0D && bytes[index - 2] == 0x0A
      && bytes[index - 3] == 0x0D
    {
      return index + 1
    }
    return nil
  }

  /// Parses a head that ends with CRLF CRLF.
  public static func parse(head: ArraySlice<UInt8>) -> Result<HTTPRequestHead, HTTPParseError> {
    var lines: [ArraySlice<UInt8>] = []
    var start = head.startIndex
    var index = head.startIndex
    while index < head.endIndex {
      let byte = head[index]
      if byte == 0x0D {
        guard index + 1 < head.endIndex, head[index + 1] == 0x0A else {
          return .failure(lines.isEmpty ? .malformedRequestLine : .malformedHeader)
        }
        lines.append(head[start..<index])
        index += 2
        start = index
        continue
      }
      if byte == 0x0A { return .failure(lines.isEmpty ? .malformedRequestLine : .malformedHeader) }
      index += 1
    }
    guard lines.count >= 2, let last = lines.last, last.isEmpty, start == head.endIndex else {
      return .failure(.malformedRequestLine)
    }
    let requestLine: (String, String)
    switch parseRequestLine(lines[0]) {
    case .success(let parsed): requestLine = parsed
    case .failure(let error): return .failure(error)
    }
    let headerLines = lines[1..<(lines.count - 1)]
    guard headerLines.count <= maximumHeaders else { return .failure(.tooManyHeaders) }
    var headers: [(name: String, value: String)] = []
    for line in headerLines {
      guard let header = parseHeader(line) else { return .failure(.malformedHeader) }
      headers.append(header)
    }
    return finish(method: requestLine.0, target: requestLine.1, headers: headers)
  }

  private static func finish(
    method: String, target: String, headers: [(name: String, value: String)]
  ) -> Result<HTTPRequestHead, HTTPParseError> {
    func values(_ name: String) -> [String] {
      headers.filter { $0.name.lowercased() == name }.map(\.value)
    }
    let hosts = values("host")
    if hosts.isEmpty { return .failure(.missingHost) }
    if hosts.count > 1 { return .failure(.duplicateHost) }
    if !values("transfer-encoding").isEmpty { return .failure(.transferEncodingUnsupported) }
    let lengths = values("content-length")
    var contentLength = 0
    if !lengths.isEmpty {
      guard lengths.count == 1, let text = lengths.first, !text.isEmpty, text.count <= 9,
        text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text)
      else { return .failure(.badContentLength) }
      contentLength = value
    }
    return .success(
      HTTPRequestHead(method: method, target: target, headers: headers, contentLength: contentLength))
  }

  private static func parseRequestLine(_ line: ArraySlice<UInt8>) -> Result<(String, String), HTTPParseError> {
    let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
    guard parts.count == 3 || parts.count == 2 else { return .failure(.malformedRequestLine) }
    guard parts.count == 3 else { return .failure(.unsupportedVersion) }
    let method = parts[0]
    let target = parts[1]
    let version = parts[2]
    guard !method.isEmpty, method.count <= 16, method.allSatisfy({ (0x41...0x5A).contains($0) }),
      target.first == 0x2F, target.allSatisfy({ (0x21...0x7E).contains($0) })
    else { return .failure(.malformedRequestLine) }
    guard version.elementsEqual("HTTP/1.1".utf8) || version.elementsEqual("HTTP/1.0".utf8) else {
      return .failure(.unsupportedVersion)
    }
    return .success((String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self)))
  }

  private static func parseHeader(_ line: ArraySlice<UInt8>) -> (name: String, value: String)? {
    guard let colon = line.firstIndex(of: 0x3A) else { return nil }
    let name = line[line.startIndex..<colon]
    guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return nil }
    var value = line[(colon + 1)...]
    while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
    while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
    guard value.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else { return nil }
    return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
  }

  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
      UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
      UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
      UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
      true
    default: false
    }
  }
}
