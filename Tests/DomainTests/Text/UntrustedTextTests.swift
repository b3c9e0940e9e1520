import Domain
import Testing

@Suite("Untrusted text")
struct UntrustedTextTests {
  @Test("Clean names in any script come back unchanged, emoji sequences included")
  func cleanTextIsKept() {
    let names = ["Maya Cooks", "Sofía 🍜", "東京カフェ巡り ☕", "👩‍💻 dev", "🇫🇷 Paris", "Zoë"]
    for name in names {
      #expect(UntrustedText.sanitize(name) == name)
    }
  }

  @Test("Escapes, controls, bidi overrides and breaks are removed even next to clean text")
  func unsafeTextIsCleaned() {
    #expect(UntrustedText.sanitize("Sofía\u{1B}[31mred") == "Sofíared")
    #expect(UntrustedText.sanitize("a\u{202E}b\u{0007}c") == "abc")
    #expect(UntrustedText.sanitize("東京\ncafé\t!") == "東京 café !")
    #expect(UntrustedText.sanitize("x\u{9B}2Jy") == "xy")
  }

  @Test("Stacked combining marks are capped at two per character")
  func combiningMarksAreCapped() {
    let stacked = "e\u{301}\u{302}\u{303}\u{304}"
    #expect(UntrustedText.sanitize(stacked).unicodeScalars.count == 3)
    #expect(UntrustedText.sanitize("e\u{301}") == "e\u{301}")
  }

  @Test("Text longer than the maximum ends with an ellipsis")
  func longTextIsCut() {
    let long = String(repeating: "é", count: UntrustedText.maximumLength + 5)
    let cut = UntrustedText.sanitize(long)
    #expect(cut.count == UntrustedText.maximumLength + 1)
    #expect(cut.hasSuffix("…"))
  }
}
