import Testing

@testable import App

@Suite("Text tables for line output")
struct TextTableTests {
  @Test("names with emoji sequences print whole, and the columns before them line up")
  func emojiSequencesStayWhole() {
    let names = ["👩‍💻 Priya builds 🏳️‍🌈", "Dev 👨‍👩‍👧 Daily 🇫🇷", "Maya Chen"]
    let lines = TextTable.render(
      names.enumerated().map {
        ["✓ active", $0.offset == 0 ? "1h 59m" : "-", "@u\($0.offset)", $0.element]
      })
    for (line, name) in zip(lines, names) {
      #expect(line.hasSuffix("  " + name), "\(line)")
    }
    let starts = lines.map { $0.components(separatedBy: "@u")[0].count }
    #expect(Set(starts).count == 1)
  }
}
