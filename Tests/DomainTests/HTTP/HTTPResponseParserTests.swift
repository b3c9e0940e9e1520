import Domain
import Testing

@Suite("HTTP response heads")
struct HTTPResponseParserTests {
  static func parse(_ text: String, method: String = "GET")
    -> Result<HTTPResponseHead, HTTPResponseParseError>
  {
    HTTPResponseParser.parse(head: Array(text.utf8)[...], method: method)
  }

  @Test(
    "the framing follows RFC 9112: chunked over Content-Length, none for HEAD, 204 and 304",
    arguments: [
      ("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", "GET", HTTPBodyFraming.length(12)),
      ("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\n", "GET", .length(3)),
      (
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n", "GET",
        .chunked
      ),
      ("HTTP/1.1 200 OK\r\n\r\n", "GET", .untilClose),
      ("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", "HEAD", .none),
      ("HTTP/1.1 204 No Content\r\n\r\n", "GET", .none),
      ("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n", "GET", .none),
      ("HTTP/1.1 200 Connection established\r\n\r\n", "CONNECT", .none),
    ])
  func framing(wire: String, method: String, expected: HTTPBodyFraming) throws {
    #expect(try Self.parse(wire, method: method).get().framing == expected)
  }

  @Test(
    "whether the connection stays open depends on the version and Connection",
    arguments: [
      ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
      ("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n", false),
      ("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", false),
      ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
      ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true),
      ("HTTP/1.1 200 OK\r\n\r\n", false),
    ])
  func keepsConnection(wire: String, expected: Bool) throws {
    #expect(try Self.parse(wire).get().keepsConnection == expected)
  }

  @Test("status and headers are kept as sent, including non-ASCII header values")
  func headers() throws {
    let head = try HTTPResponseParser.parse(
      head: Array("HTTP/1.1 429 Too Many\r\nRetry-After: 3\r\nX-Name: ".utf8) + [0xC3, 0xA9]
        + Array("\r\nContent-Length: 0\r\n\r\n".utf8), method: "POST"
    ).get()
    #expect(head.status == 429)
    #expect(head.headers.map(\.name) == ["Retry-After", "X-Name", "Content-Length"])
    #expect(head.headers[1].value == "é")
  }

  @Test(
    "malformed heads are refused with what is wrong",
    arguments: [
      ("HTTP/2 200\r\n\r\n", HTTPResponseParseError.malformedStatusLine),
      ("HTTP/1.1 20 OK\r\n\r\n", .malformedStatusLine),
      ("HTTP/1.1 099 Odd\r\n\r\n", .malformedStatusLine),
      ("ICY 200 OK\r\n\r\n", .malformedStatusLine),
      ("HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n", .malformedHeader),
      ("HTTP/1.1 200 OK\nContent-Length: 1\r\n\r\n", .malformedStatusLine),
      ("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", .badContentLength),
      ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .badContentLength),
      ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferCoding),
    ])
  func malformed(wire: String, expected: HTTPResponseParseError) {
    #expect(Self.parse(wire) == .failure(expected))
  }

  @Test("interim answers are recognised, 101 is not one")
  func interim() throws {
    #expect(try Self.parse("HTTP/1.1 100 Continue\r\n\r\n").get().isInterim)
    #expect(try !Self.parse("HTTP/1.1 101 Switching\r\n\r\n").get().isInterim)
  }
}
