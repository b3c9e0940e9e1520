import Foundation

/// How a response's body is delimited (RFC 9112 section 6.3).
public enum HTTPBodyFraming: Equatable, Sendable {
  /// No body: HEAD, 1xx, 204, 304, or a tunnel opened by CONNECT.
  case none
  /// Exactly this many bytes.
  case length(Int)
  /// `Transfer-Encoding: chunked`.
  case chunked
  /// Everything until the server closes the connection.
  case untilClose
}

/// The status line and headers of a response, and what they say about its body and connection.
public struct HTTPResponseHead: Equatable, Sendable {
  public var status: Int
  public var headers: [(name: String, value: String)]
  public var framing: HTTPBodyFraming
  /// Whether the connection may carry another request after this response.
  public var keepsConnection: Bool

  /// 1xx answers other than 101 come before the real one and are skipped.
  public var isInterim: Bool { (100...199).contains(status) && status != 101 }

  public static func == (lhs: HTTPResponseHead, rhs: HTTPResponseHead) -> Bool {
    lhs.status == rhs.status && lhs.framing == rhs.framing
      && lhs.keepsConnection == rhs.keepsConnection
      && lhs.headers.map(\.name) == rhs.headers.map(\.name)
      && lhs.headers.map(\.value) == rhs.headers.map(\.value)
  }
}

/// Why a response head was refused; the client reports it as a broken answer.
public enum HTTPResponseParseError: Error, Equatable, Sendable {
  case malformedStatusLine
  case malformedHeader
  case tooManyHeaders
  case badContentLength
  case unsupportedTransferCoding

  /// A phrase for the transport's failure message.
  public var phrase: String {
    switch self {
    case .malformedStatusLine: "a malformed status line"
    case .malformedHeader: "a malformed header"
    case .tooManyHeaders: "too many headers"
    case .badContentLength: "an invalid Content-Length"
    case .unsupportedTransferCoding: "a transfer coding other than chunked"
    }
  }
}

/// A strict HTTP/1.x response-head parser for tractok's client, on the same line and header
/// rules as `HTTPRequestParser`.
public enum HTTPResponseParser {
  public static let maximumHeaders = 100

  /// Parses a head that ends with CRLF CRLF, answering the request made with `method`.
  public static func parse(head: ArraySlice<UInt8>, method: String)
    -> Result<HTTPResponseHead, HTTPResponseParseError>
  {
    let split: (startLine: ArraySlice<UInt8>, headers: [(name: String, value: String)])
    switch HTTPHeadParser.split(head, maximumHeaders: maximumHeaders, allowsObsText: true) {
    case .success(let parts): split = parts
    case .failure(.startLine): return .failure(.malformedStatusLine)
    case .failure(.header): return .failure(.malformedHeader)
    case .failure(.tooManyHeaders): return .failure(.tooManyHeaders)
    }
    guard let (minor, status) = parseStatusLine(split.startLine) else {
      return .failure(.malformedStatusLine)
    }
    let headers = split.headers
    let connection = HTTPHeadParser.values("connection", in: headers)
      .flatMap { $0.split(separator: ",") }
      .map { $0.trimmingSpaces().lowercased() }
    var keeps = minor == 1 ? !connection.contains("close") : connection.contains("keep-alive")
    let framing: HTTPBodyFraming
    switch bodyFraming(status: status, method: method, headers: headers) {
    case .success(let found): framing = found
    case .failure(let error): return .failure(error)
    }
    if framing == .untilClose { keeps = false }
    return .success(
      HTTPResponseHead(status: status, headers: headers, framing: framing, keepsConnection: keeps))
  }

  private static func bodyFraming(
    status: Int, method: String, headers: [(name: String, value: String)]
  ) -> Result<HTTPBodyFraming, HTTPResponseParseError> {
    if method == "HEAD" || (100...199).contains(status) || status == 204 || status == 304 {
      return .success(.none)
    }
    if method == "CONNECT" && (200...299).contains(status) { return .success(.none) }
    let codings = HTTPHeadParser.values("transfer-encoding", in: headers)
      .flatMap { $0.split(separator: ",") }
      .map { $0.trimmingSpaces().lowercased() }
    if !codings.isEmpty {
      // Only plain chunked is asked for (no Accept-Encoding is sent); Content-Length is then
      // ignored, as RFC 9112 requires.
      guard codings == ["chunked"] else { return .failure(.unsupportedTransferCoding) }
      return .success(.chunked)
    }
    let lengths = HTTPHeadParser.values("content-length", in: headers)
      .flatMap { $0.split(separator: ",") }
      .map { $0.trimmingSpaces() }
    guard let first = lengths.first else { return .success(.untilClose) }
    // Repeated identical values are one length; differing ones make the framing unknowable.
    guard let length = HTTPHeadParser.contentLength(first), lengths.allSatisfy({ $0 == first })
    else { return .failure(.badContentLength) }
    return .success(.length(length))
  }

  /// `HTTP/1.x SSS reason`: the minor version and the status code.
  private static func parseStatusLine(_ line: ArraySlice<UInt8>) -> (Int, Int)? {
    let prefix = Array("HTTP/1.".utf8)
    guard line.count >= 12, line.prefix(7).elementsEqual(prefix) else { return nil }
    let bytes = Array(line)
    let minor = bytes[7]
    guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"), bytes[8] == 0x20 else {
      return nil
    }
    let digits = bytes[9..<12]
    guard digits.allSatisfy({ (0x30...0x39).contains($0) }),
      bytes.count == 12 || bytes[12] == 0x20,
      bytes.dropFirst(12).allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 || $0 >= 0x80 }),
      let status = Int(String(decoding: digits, as: UTF8.self)), status >= 100
    else { return nil }
    return (Int(minor - UInt8(ascii: "0")), status)
  }
}
