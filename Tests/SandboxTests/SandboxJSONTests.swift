import Foundation
import Testing

@testable import Sandbox

@Suite("JSON writer and parser")
struct SandboxJSONTests {
  @Test("the writer keeps key order and escapes controls so Foundation reads the same text")
  func writer() throws {
    let hostile = "\u{1B}]0;pwned\u{07} \"q\" \\ \n\t \u{9B}31m \u{202E} 👩‍💻"
    let json = SandboxJSON.object([
      ("b", .string(hostile)), ("a", .int(-5)), ("c", .bool(true)), ("d", .null),
    ])
    #expect(json.text.hasPrefix("{\"b\":\"\\u001b]0;pwned\\u0007 \\\"q\\\" \\\\ \\n\\t"))
    #expect(json.text.hasSuffix(",\"a\":-5,\"c\":true,\"d\":null}"))
    let parsed = try #require(
      try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
    #expect(parsed["b"] as? String == hostile)
  }

  @Test("the parser keeps integers, fractions, booleans and strings apart")
  func types() throws {
    let value = try #require(
      SandboxJSONParser.parse(Array(#"{"i":12,"f":1.5,"b":true,"s":"12","n":null,"big":1e3}"#.utf8))
    )
    #expect(value["i"] == .int(12))
    #expect(value["f"] == .double(1.5))
    #expect(value["b"] == .bool(true))
    #expect(value["s"] == .string("12"))
    #expect(value["n"] == .null)
    #expect(value["big"] == .double(1000))
  }

  @Test("the parser decodes escapes and surrogate pairs")
  func escapes() throws {
    let value = try #require(
      SandboxJSONParser.parse(Array(#"["a\"\\\/\n\u00e9\ud83d\ude00"]"#.utf8)))
    #expect(value == .array([.string("a\"\\/\né😀")]))
  }

  @Test(
    "the parser refuses what is not exactly one JSON value",
    arguments: [
      "", "{", "{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\":1} x", "01", "1.", "-", "\"\u{01}\"",
      "\"\\ud800\"", "tru", "{\"a\" 1}", "[1 2]",
      String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
  func refuses(text: String) {
    #expect(SandboxJSONParser.parse(Array(text.utf8)) == nil)
  }

  @Test("mapLeaves rewrites values and tells each one its key")
  func mapLeaves() {
    let json = SandboxJSON.object([
      ("n", .int(1)), ("list", .array([.int(2)])), ("s", .string("x")),
    ])
    let mapped = json.mapLeaves { key, value in
      if case .int(let number) = value { return .string("\(key ?? "-")\(number)") }
      return value
    }
    #expect(
      mapped
        == .object([
          ("n", .string("n1")), ("list", .array([.string("list2")])), ("s", .string("x")),
        ]))
  }
}
