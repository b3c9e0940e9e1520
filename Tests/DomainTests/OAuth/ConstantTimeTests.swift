import Domain
import Testing

@Suite("Constant-time comparison")
struct ConstantTimeTests {
  @Test("constant-time equality matches only identical strings")
  func constantTime() {
    #expect(ConstantTime.equals("abc", "abc"))
    #expect(!ConstantTime.equals("abc", "abd"))
    #expect(!ConstantTime.equals("abc", "abcd"))
    #expect(!ConstantTime.equals("", "a"))
    #expect(ConstantTime.equals("", ""))
  }
}
