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
/// It is pure (bytes in, verdict out) so the fuzz target and the listener share it; the lines and
/// header fields are split by `HTTPHeadParser`, as for responses.
public enum HTTPRequestParser {
  public static let maximumHeaders = 64

  /// Parses a head that ends with CRLF CRLF.
  public static func parse(head: ArraySlice<UInt8>) -> Result<HTTPRequestHead, HTTPParseError> {
    let split: (startLine: ArraySlice<UInt8>, headers: [(name: String, value: String)])
    switch HTTPHeadParser.split(head, maximumHeaders: maximumHeaders, allowsObsText: false) {
    case .success(let parts): split = parts
    case .failure(.startLine): return .failure(.malformedRequestLine)
    case .failure(.header): return .failure(.malformedHeader)
    case .failure(.tooManyHeaders): return .failure(.tooManyHeaders)
    }
    let requestLine: (String, String)
    switch parseRequestLine(split.startLine) {
    case .success(let parsed): requestLine = parsed
    case .failure(let error): return .failure(error)
    }
    return finish(method: requestLine.0, target: requestLine.1, headers: split.headers)
  }

  private static func finish(
    method: String, target: String, headers: [(name: String, value: String)]
  ) -> Result<HTTPRequestHead, HTTPParseError> {
    let hosts = HTTPHeadParser.values("host", in: headers)
    if hosts.isEmpty { return .failure(.missingHost) }
    if hosts.count > 1 { return .failure(.duplicateHost) }
    if !HTTPHeadParser.values("transfer-encoding", in: headers).isEmpty {
      return .failure(.transferEncodingUnsupported)
    }
    let lengths = HTTPHeadParser.values("content-length", in: headers)
    var contentLength = 0
    if !lengths.isEmpty {
      guard lengths.count == 1, let value = lengths.first.flatMap(HTTPHeadParser.contentLength)
      else { return .failure(.badContentLength) }
      contentLength = value
    }
    return .success(
      HTTPRequestHead(
        method: method, target: target, headers: headers, contentLength: contentLength))
  }

  private static func parseRequestLine(_ line: ArraySlice<UInt8>) -> Result<
    (String, String), HTTPParseError
  > {
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
    return .success(
      (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self)))
  }
}
