/// Makes text from TikTok (names, bios, titles) safe for a terminal cell, a log line or JSON.
///
/// Escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte escapes) are removed whole, so no
/// stray parameters are left behind; C0/C1 controls and DEL go; line and tab breaks become spaces;
/// bidi overrides and invisible format characters go, except the joiners that emoji sequences
/// need; combining marks are capped per character so stacked marks cannot spill over rows.
public enum UntrustedText {
  /// The longest text kept, in characters; longer text ends with an ellipsis.
  public static let maximumLength = 1024

  /// The most combining marks one character keeps.
  static let maximumCombiningMarks = 2

  /// Returns `text` with everything unsafe for a terminal removed.
  public static func sanitize(_ text: String) -> String {
    if needsNoChange(text) { return text }
    let stripped = String(String.UnicodeScalarView(strippingEscapes(text.unicodeScalars)))
    var result = ""
    var count = 0
    for character in stripped {
      guard let kept = capCombiningMarks(character) else { continue }
      if count == maximumLength {
        result.append("…")
        break
      }
      result.append(contentsOf: kept)
      count += 1
    }
    return result
  }

  /// Whether `sanitize` would return `text` as it is: short enough, and no escape, control,
  /// invisible or combining scalar. Checked first because nearly all text passes, and the
  /// character-by-character rebuild below is what makes loading 10,000 names slow.
  private static func needsNoChange(_ text: String) -> Bool {
    var count = 0
    for scalar in text.unicodeScalars {
      count += 1
      guard count <= maximumLength else { return false }
      if scalar.value >= 0x20 && scalar.value < 0x7F { continue }
      guard replacement(for: scalar) == scalar else { return false }
      let category = scalar.properties.generalCategory
      if category == .nonspacingMark || category == .enclosingMark { return false }
    }
    return true
  }

  private enum EscapeState {
    case text
    case escape
    case csi
    case string
    case stringEscape
  }

  private static func strippingEscapes(_ scalars: String.UnicodeScalarView) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(scalars.count)
    var state = EscapeState.text
    for scalar in scalars {
      let value = scalar.value
      switch state {
      case .text:
        if value == 0x1B {
          state = .escape
        } else if value == 0x9B {
          state = .csi
        } else if value == 0x90 || value == 0x9D || value == 0x98 || value == 0x9E || value == 0x9F
        {
          state = .string
        } else if let kept = replacement(for: scalar) {
          out.append(kept)
        }
      case .escape:
        switch value {
        case 0x5B: state = .csi
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .string
        case 0x20...0x2F: state = .escape  // intermediate bytes of a longer escape
        default: state = .text
        }
      case .csi:
        if (0x40...0x7E).contains(value) || value == 0x1B || value > 0x7F {
          state = value == 0x1B ? .escape : .text
        }
      case .string:
        if value == 0x07 || value == 0x9C {
          state = .text
        } else if value == 0x1B {
          state = .stringEscape
        }
      case .stringEscape:
        state = value == 0x5C ? .text : .string
      }
    }
    return out
  }

  /// What a scalar outside escape sequences becomes: itself, a space, or nothing.
  private static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: return " "
    case 0x00...0x1F, 0x7F...0x9F: return nil
    case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0x061C,
      0xFEFF, 0xFFF9...0xFFFB, 0x180E, 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x00AD:
      return nil
    case 0xE000...0xF8FF, 0xF0000...0x10FFFF: return nil
    default:
      switch scalar.properties.generalCategory {
      case .unassigned, .surrogate, .lineSeparator, .paragraphSeparator: return nil
      default: return scalar
      }
    }
  }

  /// Keeps a character with at most `maximumCombiningMarks` combining marks; drops marks with no
  /// base. Variation selectors and the emoji keycap do not count, so emoji stay intact.
  private static func capCombiningMarks(_ character: Character) -> String? {
    var marks = 0
    var scalars = String.UnicodeScalarView()
    for scalar in character.unicodeScalars {
      let category = scalar.properties.generalCategory
      let isMark = category == .nonspacingMark || category == .enclosingMark
      let isEmojiPart = (0xFE00...0xFE0F).contains(scalar.value) || scalar.value == 0x20E3
      if isMark && !isEmojiPart {
        if scalars.isEmpty { continue }
        marks += 1
        if marks > maximumCombiningMarks { continue }
      }
      scalars.append(scalar)
    }
    return scalars.isEmpty ? nil : String(scalars)
  }
}
