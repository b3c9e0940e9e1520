import Domain
import Testing

@Suite("trimming white space without Foundation")
struct TrimmingTests {
  @Test("spaces, tabs and Unicode spaces go from both ends; line breaks and inner spaces stay")
  func spaces() {
    #expect(" \t\u{00A0}a b\u{3000} ".trimmingSpaces() == "a b")
    #expect("\nkey\n".trimmingSpaces() == "\nkey\n")
    #expect(" \t ".trimmingSpaces() == "")
    #expect("".trimmingSpaces() == "")
  }

  @Test("white space with line breaks goes from both ends, inner text stays")
  func whitespace() {
    #expect("\r\n\t key=value \u{00A0}\n".trimmingWhitespace() == "key=value")
    #expect(" a\nb ".trimmingWhitespace() == "a\nb")
    #expect("\n\n".trimmingWhitespace() == "")
  }

  @Test("substrings trim the same way")
  func substrings() {
    let text = "[ inner ]"
    #expect(text.dropFirst().dropLast().trimmingSpaces() == "inner")
  }
}
