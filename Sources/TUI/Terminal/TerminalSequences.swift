import Foundation

/// The few escape sequences tractok writes itself, around ncurses: OSC 52, OSC 8 and their SGR.
/// Pure string building, so it is tested without a terminal.
public enum TerminalSequences {
  static let escape = "\u{1B}"
  static let stringTerminator = "\u{1B}\\"

  /// Turns off the mouse reporting modes ncurses may have enabled (used after a crash).
  public static let mouseOff = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l"

  /// OSC 52: asks the terminal to put `text` on the clipboard ("c"), base64 encoded, so the text
  /// itself never reaches the terminal as characters.
  public static func copy(_ text: String) -> String {
    "\(escape)]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
  }

  /// The linked runs of `frame` re-written inside OSC 8 hyperlinks, between a cursor save and
  /// restore (DECSC/DECRC also restore the attributes). Runs whose URL is not printable ASCII
  /// are skipped: such a URL could smuggle control bytes into the sequence.
  public static func links(_ frame: CellBuffer, style: Appearance) -> String {
    var out = ""
    for run in frame.links where isSafeURL(run.url) {
      var text = ""
      for x in run.x..<(run.x + run.width) {
        let cell = frame[x, run.y]
        if cell.width != .continuation { text.append(cell.grapheme) }
      }
      out += "\(escape)[\(run.y + 1);\(run.x + 1)H\(sgr(style))"
      out += "\(escape)]8;id=tractok;\(run.url)\(stringTerminator)\(text)"
      out += "\(escape)]8;;\(stringTerminator)"
    }
    return out.isEmpty ? "" : "\(escape)7\(out)\(escape)8"
  }

  /// Select Graphic Rendition for an appearance, starting from a reset.
  public static func sgr(_ look: Appearance) -> String {
    var codes = ["0"]
    if look.bold { codes.append("1") }
    if look.dim { codes.append("2") }
    if look.underline { codes.append("4") }
    if look.reverse { codes.append("7") }
    if case .index(let index) = look.foreground { codes.append(colorCode(index, base: 30)) }
    if case .index(let index) = look.background { codes.append(colorCode(index, base: 40)) }
    return "\(escape)[\(codes.joined(separator: ";"))m"
  }

  private static func colorCode(_ index: Int, base: Int) -> String {
    switch index {
    case 0..<8: "\(base + index)"
    case 8..<16: "\(base + 60 + index - 8)"
    default: "\(base + 8);5;\(min(max(index, 0), 255))"
    }
  }

  static func isSafeURL(_ url: String) -> Bool {
    !url.isEmpty && url.utf8.count <= 4096 && url.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
  }
}
