import Testing

@testable import Sandbox

@Suite("Form and query coding")
struct SandboxFormTests {
  @Test("plus is a space and percent escapes are decoded exactly once")
  func decodesOnce() throws {
    let form = try #require(SandboxForm(query: "a=x+y&code=ab%2Acd%21&double=%252A&empty=&bare"))
    #expect(form.first("a") == "x y")
    #expect(form.first("code") == "ab*cd!")
    #expect(form.first("double") == "%2A")
    #expect(form.first("empty") == "")
    #expect(form.first("bare") == "")
  }

  @Test("raw star and bang are kept as they are")
  func rawSubDelims() throws {
    let form = try #require(SandboxForm(query: "code=AB*0!6410"))
    #expect(form.first("code") == "AB*0!6410")
  }

  @Test(
    "a broken percent escape or invalid UTF-8 refuses the whole form",
    arguments: ["a=%zz", "a=%4", "a=%", "a=%ff"])
  func broken(query: String) {
    #expect(SandboxForm(query: query) == nil)
  }

  @Test("repeated names are kept in order and only() refuses them")
  func repeats() throws {
    let form = try #require(SandboxForm(query: "s=1&s=2&t=3"))
    #expect(form.all("s") == ["1", "2"])
    #expect(form.only("s") == nil)
    #expect(form.only("t") == "3")
  }

  @Test("encoding keeps only the unreserved set unless told otherwise")
  func encoding() {
    #expect(SandboxForm.encode("a b+c*d!e,f/g~h") == "a%20b%2Bc%2Ad%21e%2Cf%2Fg~h")
    #expect(SandboxForm.encode("a*b!c,d e", keeping: "*!,") == "a*b!c,d%20e")
    #expect(SandboxForm.encode("東") == "%E6%9D%B1")
  }

  @Test("what the encoder writes decodes back to the same text")
  func roundTrip() throws {
    let value = "wFPH5D-x_y*0!6410 +%&=東京\u{1B}"
    let form = try #require(SandboxForm(query: SandboxForm.encode([("v", value)])))
    #expect(form.first("v") == value)
  }
}
