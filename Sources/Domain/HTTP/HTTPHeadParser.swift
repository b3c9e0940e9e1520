/// What is wrong with the lines of an HTTP/1.x head, before its start line is interpreted.
enum HTTPHeadFailure: Error, Equatable {
  case startLine
  case header
  case tooManyHeaders
}

/// The part of HTTP/1.x parsing that requests and responses share: where a head ends, its
/// CRLF-separated lines, and strict header fields (token names, visible ASCII values).
///
/// `HTTPRequestParser` (the loopback server) and `HTTPResponseParser` (the client) both build
/// on it, so one set of rules decides what a header line is in either direction.
public enum HTTPHeadParser {
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

  /// Splits a head that ends with CRLF CRLF into its start line and header fields.
  ///
  /// `allowsObsText` admits bytes 0x80-0xFF in values (RFC 9110 obs-text), which servers may
  /// send; requests to the loopback server stay printable ASCII.
  static func split(_ head: ArraySlice<UInt8>, maximumHeaders: Int, allowsObsText: Bool)
    -> Result<
      (startLine: ArraySlice<UInt8>, headers: [(name: String, value: String)]), HTTPHeadFailure
    >
  {
    var lines: [ArraySlice<UInt8>] = []
    var start = head.startIndex
    var index = head.startIndex
    while index < head.endIndex {
      let byte = head[index]
      if byte == 0x0D {
        guard index + 1 < head.endIndex, head[index + 1] == 0x0A else {
          return .failure(lines.isEmpty ? .startLine : .header)
        }
        lines.append(head[start..<index])
        index += 2
        start = index
        continue
      }
      if byte == 0x0A { return .failure(lines.isEmpty ? .startLine : .header) }
      index += 1
    }
    guard lines.count >= 2, let last = lines.last, last.isEmpty, start == head.endIndex else {
      return .failure(.startLine)
    }
    let headerLines = lines[1..<(lines.count - 1)]
    guard headerLines.count <= maximumHeaders else { return .failure(.tooManyHeaders) }
    var headers: [(name: String, value: String)] = []
    for line in headerLines {
      guard let header = parseHeader(line, allowsObsText: allowsObsText) else {
        return .failure(.header)
      }
      headers.append(header)
    }
    return .success((lines[0], headers))
  }

  /// All values of a header, compared case-insensitively.
  static func values(_ name: String, in headers: [(name: String, value: String)]) -> [String] {
    headers.filter { $0.name.lowercased() == name }.map(\.value)
  }

  /// One `Content-Length` value: digits only, at most 9 of them (nil when malformed).
  static func contentLength(_ text: String) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) })
    else { return nil }
    return Int(text)
  }

  private static func parseHeader(_ line: ArraySlice<UInt8>, allowsObsText: Bool) -> (
    name: String, value: String
  )? {
    guard let colon = line.firstIndex(of: 0x3A) else { return nil }
    let name = line[line.startIndex..<colon]
    guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return nil }
    var value = line[(colon + 1)...]
    while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
    while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
    guard
      value.allSatisfy({
        (0x20...0x7E).contains($0) || $0 == 0x09 || (allowsObsText && $0 >= 0x80)
      })
    else { return nil }
    return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
  }

  /// Whether `byte` may appear in a token (header names, methods): RFC 9110 tchar.
  static func isTokenByte(_ byte: UInt8) -> Bool {
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
