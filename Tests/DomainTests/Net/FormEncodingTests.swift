import Domain
import Testing

@Suite("Strict form encoding")
struct FormEncodingTests {
  @Test(
    "codes with symbols are encoded byte for byte and decode back to the same code",
    arguments: [
      ("wFPH5D*0!6410", "wFPH5D%2A0%216410"),
      ("a+b", "a%2Bb"),
      ("a/b", "a%2Fb"),
      ("100%", "100%25"),
      ("%2A", "%252A"),
      ("a b", "a%20b"),
      ("-._~AZaz09", "-._~AZaz09"),
      ("é", "%C3%A9"),
    ])
  func encodesCodes(code: String, encoded: String) {
    #expect(FormEncoding.escape(code) == encoded)
    let decoded = FormEncoding.percentDecode(Substring(encoded))
    #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == code)
  }

  @Test("a body keeps field order and encodes names and values")
  func encodesBody() {
    let body = FormEncoding.encode([("code", "x*y"), ("redirect_uri", "http://127.0.0.1:8723/cb/")])
    #expect(body == "code=x%2Ay&redirect_uri=http%3A%2F%2F127.0.0.1%3A8723%2Fcb%2F")
  }

  @Test("broken escapes do not decode", arguments: ["%", "%4", "%G1", "abc%2", "%%41"])
  func brokenEscapes(text: String) {
    #expect(FormEncoding.percentDecode(Substring(text)) == nil)
  }

  @Test("plus stays a plus when decoding")
  func plusIsLiteral() {
    #expect(FormEncoding.percentDecode("a+b") == Array("a+b".utf8))
  }

  @Test("a value that still holds an escape after one decode is recognised as double-encoded")
  func detectsDoubleEncoding() {
    #expect(FormEncoding.containsEscape(Array("%2A".utf8)))
    #expect(!FormEncoding.containsEscape(Array("100%".utf8)))
    #expect(!FormEncoding.containsEscape(Array("%zz".utf8)))
  }
}
