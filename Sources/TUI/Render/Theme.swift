/// How many colours the terminal can show, after `NO_COLOR` has had its say.
public enum ColorSupport: Equatable, Sendable {
  /// No colour: `NO_COLOR` is set or the terminal has none. Attributes still work.
  case none
  /// The eight ANSI colours.
  case eight
  /// The 256-colour palette.
  case full

  /// Chooses from the terminal's colour count and the environment (`NO_COLOR` wins when set and
  /// not empty, as no-color.org asks).
  public static func detect(colors: Int, environment: [String: String]) -> ColorSupport {
    if let value = environment["NO_COLOR"], !value.isEmpty { return .none }
    if colors >= 256 { return .full }
    return colors >= 8 ? .eight : .none
  }
}

/// A terminal colour: the terminal's own default, or a palette index.
public enum TerminalColor: Equatable, Hashable, Sendable {
  case terminalDefault
  case index(Int)
}

/// The concrete look of a `Style` on one terminal.
public struct Appearance: Equatable, Hashable, Sendable {
  public var foreground: TerminalColor = .terminalDefault
  public var background: TerminalColor = .terminalDefault
  public var bold = false
  public var dim = false
  public var reverse = false
  public var underline = false

  public init(
    foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
    bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.reverse = reverse
    self.underline = underline
  }
}

/// Maps styles to appearances for a colour support level. Without colour every style still reads
/// through attributes and the glyph and word that badges always carry.
public struct Theme: Equatable, Sendable {
  public let support: ColorSupport

  public init(support: ColorSupport) { self.support = support }

  /// The appearance of `style` on this terminal.
  public func appearance(for style: Style) -> Appearance {
    switch support {
    case .none: return monochrome(style)
    case .eight: return colored(style, palette: Palette.eight)
    case .full: return colored(style, palette: Palette.full)
    }
  }

  private struct Palette {
    var accent, green, cyan, yellow, red, magenta, gray, white, black: Int
    var headerBackground: Int

    static let eight = Palette(
      accent: 4, green: 2, cyan: 6, yellow: 3, red: 1, magenta: 5, gray: 7, white: 7, black: 0,
      headerBackground: 4)
    static let full = Palette(
      accent: 75, green: 78, cyan: 80, yellow: 220, red: 203, magenta: 170, gray: 245, white: 231,
      black: 16, headerBackground: 24)
  }

  private func colored(_ style: Style, palette: Palette) -> Appearance {
    func fg(_ color: Int, bold: Bool = false) -> Appearance {
      Appearance(foreground: .index(color), bold: bold)
    }
    switch style {
    case .plain: return Appearance()
    case .dim: return Appearance(dim: true)
    case .strong: return Appearance(bold: true)
    case .title: return fg(palette.accent, bold: true)
    case .border: return support == .full ? fg(palette.gray) : Appearance()
    case .headerBar:
      return Appearance(
        foreground: .index(palette.white), background: .index(palette.headerBackground))
    case .headerStrong:
      return Appearance(
        foreground: .index(palette.white), background: .index(palette.headerBackground), bold: true)
    case .cursorRow: return Appearance(reverse: true)
    case .currentMark: return fg(palette.accent, bold: true)
    case .key: return fg(palette.accent, bold: true)
    case .input: return Appearance(underline: true)
    case .link: return Appearance(foreground: .index(palette.cyan), underline: true)
    case .notice: return fg(palette.cyan)
    case .errorText: return fg(palette.red, bold: true)
    case .successText: return fg(palette.green, bold: true)
    case .warningText: return fg(palette.yellow)
    case .sandbox:
      return Appearance(
        foreground: .index(palette.black), background: .index(palette.yellow), bold: true)
    case .badgeActive: return fg(palette.green)
    case .badgeRefreshing: return fg(palette.cyan)
    case .badgeExpiring: return fg(palette.yellow)
    case .badgeError: return fg(palette.magenta)
    case .badgeExpired, .badgeRevoked: return fg(palette.red, bold: true)
    case .badgeOverLimit: return fg(palette.gray)
    case .qrModules:
      return Appearance(foreground: .index(palette.black), background: .index(palette.white))
    }
  }

  private func monochrome(_ style: Style) -> Appearance {
    switch style {
    case .plain, .border, .notice, .badgeActive, .badgeRefreshing, .badgeOverLimit:
      return Appearance()
    case .dim: return Appearance(dim: true)
    case .strong, .title, .currentMark, .key, .errorText, .successText, .badgeExpired,
      .badgeRevoked, .badgeExpiring, .badgeError:
      return Appearance(bold: true)
    case .headerStrong: return Appearance(bold: true, reverse: true)
    case .warningText: return Appearance(bold: true)
    case .headerBar, .cursorRow, .sandbox: return Appearance(reverse: true)
    case .input, .link: return Appearance(underline: true)
    // Without colours the modules are drawn reversed: dark on the usual dark-background terminal.
    case .qrModules: return Appearance(reverse: true)
    }
  }
}
