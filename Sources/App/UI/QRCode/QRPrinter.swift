import Foundation
import TUI

#if canImport(Glibc)
  import Glibc
#endif

/// Draws a QR code as lines for standard output (`tractok connect --qr`): the UI's half-block
/// drawing and quiet zone, in the UI's QR colours on a colour terminal, else inverted so that
/// it reads on the usual dark background.
struct QRPrinter: Sendable {
  /// How the modules are inked.
  enum Ink: Equatable, Sendable {
    /// Dark modules in the QR style's explicit colours (dark on light): reads on any background.
    case colors(Appearance)
    /// No escape sequences: the glyphs ink the light modules, for a dark background.
    case darkBackground
  }

  let ink: Ink
  /// The terminal's size when standard output is one; nil when it goes to a file or pipe.
  let terminal: ScreenSize?

  /// What the code takes on screen: its drawing, plus the status line below it.
  static func neededSize(for matrix: QRMatrix) -> ScreenSize {
    ScreenSize(width: matrix.drawnSize.width, height: matrix.drawnSize.height + 1)
  }

  /// Whether the whole code fits on the terminal (always, when the output is not a terminal).
  func fits(_ matrix: QRMatrix) -> Bool {
    guard let terminal else { return true }
    let needed = Self.neededSize(for: matrix)
    return terminal.width >= needed.width && terminal.height >= needed.height
  }

  /// The code's lines, ready to print.
  func lines(for matrix: QRMatrix) -> [String] {
    switch ink {
    case .colors(let look):
      let reset = TerminalSequences.sgr(Appearance())
      return matrix.halfBlockRows().map { TerminalSequences.sgr(look) + String($0) + reset }
    case .darkBackground:
      return matrix.halfBlockRows(inverted: true).map { String($0) }
    }
  }

  /// What to print instead of a code that does not fit.
  func tooSmallMessage(for matrix: QRMatrix) -> String {
    let needed = Self.neededSize(for: matrix)
    let current = terminal.map { " This one is \($0.width)x\($0.height)." } ?? ""
    return "The QR code needs a terminal of at least \(needed.width) columns and "
      + "\(needed.height) rows.\(current) Enlarge it: the code is drawn as soon as it fits."
  }

  /// A note under the code on how it is drawn; nil when it reads on any background.
  var inkNote: String? {
    guard ink == .darkBackground else { return nil }
    return "(Drawn without colours for a dark background; on a light one it shows inverted,\n"
      + "which some phones cannot read.)"
  }

  /// The printer for this process's standard output.
  static func forStandardOutput(environment: [String: String]) -> QRPrinter {
    QRPrinter(
      ink: ink(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment),
      terminal: standardOutputSize())
  }

  /// The same printer with the terminal measured again (it may have been resized).
  func remeasured() -> QRPrinter { QRPrinter(ink: ink, terminal: Self.standardOutputSize()) }

  /// The size of the terminal standard output goes to; nil when it is not a terminal.
  private static func standardOutputSize() -> ScreenSize? {
    var size = winsize()
    guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_col > 0
    else { return nil }
    return ScreenSize(width: Int(size.ws_col), height: Int(size.ws_row))
  }

  /// Colours only on a terminal that has them, and never with `NO_COLOR` set.
  static func ink(isTerminal: Bool, environment: [String: String]) -> Ink {
    guard isTerminal, let term = environment["TERM"], !term.isEmpty, term != "dumb" else {
      return .darkBackground
    }
    // Without terminfo, TERM and COLORTERM are the hints; 8 colours are safe everywhere else.
    let colors = term.contains("256color") || environment["COLORTERM"] != nil ? 256 : 8
    let support = ColorSupport.detect(colors: colors, environment: environment)
    guard support != .none else { return .darkBackground }
    return .colors(Theme(support: support).appearance(for: .qrModules))
  }
}
