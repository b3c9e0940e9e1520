import Domain
import Testing

@Suite("Exact JSON values")
struct JSONValueTests {
  @Test("types are kept apart: a number is not a bool and a string is not a number")
  func exactTypes() {
    #expect(
      JSONValue.parse(Array("[true, 1, 1.5, \"1\", null]".utf8))
        == .array([
          .bool(true), .integer(1), .double(1.5), .string("1"), .null,
        ]))
  }

  @Test("truncated or trailing garbage is not JSON", arguments: ["{\"a\":", "{} x", "", "{'a':1}"])
  func invalid(text: String) {
    #expect(JSONValue.parse(Array(text.utf8)) == nil)
  }
}
