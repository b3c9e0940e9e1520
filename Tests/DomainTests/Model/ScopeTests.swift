import Domain
import Testing

@Suite("Scope lists")
struct ScopeTests {
  @Test("Parsing trims spaces and tabs around each scope and drops blanks and repeats")
  func parsingTrimsAndDeduplicates() {
    #expect(
      Scope.parse(" user.info.basic ,\tvideo.list,, user.info.basic,\u{00A0}user.info.stats ")
        == ["user.info.basic", "video.list", "user.info.stats"])
  }

  @Test("Parsing keeps spaces inside a scope and line breaks, as CharacterSet.whitespaces did")
  func parsingKeepsInnerSpaces() {
    #expect(Scope.parse("a b, c\n") == ["a b", "c\n"])
    #expect(Scope.parse("  ,\t, ") == [])
  }

  @Test("Joining and parsing round-trip the defaults")
  func roundTrip() {
    #expect(Scope.parse(Scope.join(Scope.defaults)) == Scope.defaults)
  }
}
