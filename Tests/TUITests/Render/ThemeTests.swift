import Domain
import Testing

@testable import TUI

@Suite("Theme and badges")
struct ThemeTests {
  @Test("NO_COLOR turns colour off even on a 256-colour terminal; an empty value does not")
  func noColor() {
    #expect(ColorSupport.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .none)
    #expect(ColorSupport.detect(colors: 256, environment: ["NO_COLOR": ""]) == .full)
    #expect(ColorSupport.detect(colors: 8, environment: [:]) == .eight)
    #expect(ColorSupport.detect(colors: 0, environment: [:]) == .none)
  }

  @Test("without colour no style uses a colour, and the cursor row and header still stand out")
  func monochrome() {
    let theme = Theme(support: .none)
    for style in Style.allCases {
      let look = theme.appearance(for: style)
      #expect(look.foreground == .terminalDefault && look.background == .terminalDefault)
    }
    #expect(theme.appearance(for: .cursorRow).reverse)
    #expect(theme.appearance(for: .headerBar).reverse)
  }

  @Test("with colour the QR code has an explicit dark foreground on a light background")
  func qrColours() {
    for support in [ColorSupport.eight, .full] {
      let look = Theme(support: support).appearance(for: .qrModules)
      guard case .index(let fg) = look.foreground, case .index(let bg) = look.background else {
        Issue.record("QR colours must be explicit")
        continue
      }
      #expect(fg == 0 || fg == 16)
      #expect(bg == 7 || bg == 231)
    }
  }

  @Test("every badge has its own glyph and word, so none relies on colour")
  func badgesDistinct() {
    let glyphs = Set(AccountStatus.allCases.map(\.glyph))
    let words = Set(AccountStatus.allCases.map { Badge.text($0) })
    #expect(glyphs.count == AccountStatus.allCases.count)
    #expect(words.count == AccountStatus.allCases.count)
    #expect(Badge.text(.overLimit) == "⊖ over-limit")
    #expect(AccountStatus.allCases.allSatisfy { Badge.text($0).count <= Badge.width })
  }
}
