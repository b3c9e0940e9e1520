import TestSupport

/// The escape sequences and control characters tractok writes itself: ncurses's for
/// xterm-256color (cursor moves, attributes, scrolling, modes), and its own OSC 8 links. A scan
/// of the terminal output flags anything else as having come from data.
enum OwnSequences {
  /// Private modes ncurses sets and resets: alternate screen, autowrap, keypad, cursor, mouse.
  private static let privateModes: Set<String> = [
    "1049", "7", "1", "25", "12", "1006;1000", "1000", "1002", "1003", "1006",
  ]

  /// Whether `token` is something tractok writes (text always is).
  static func isOwn(_ token: TerminalOutput.Token, allowingLinks: Bool = false) -> Bool {
    switch token.kind {
    case .text: return true
    case .control(let value): return [0x08, 0x0A, 0x0D].contains(value)
    case .invalid: return false
    case .escape(let sequence): return isOwn(sequence, allowingLinks: allowingLinks)
    }
  }

  /// Whether a whole escape sequence is one tractok writes.
  static func isOwn(_ sequence: String, allowingLinks: Bool = false) -> Bool {
    if ["\u{1B}(B", "\u{1B}=", "\u{1B}>", "\u{1B}7", "\u{1B}8"].contains(sequence) { return true }
    if ["\u{1B}[4l", "\u{1B}[4h", "\u{1B}[22;0;0t", "\u{1B}[23;0;0t"].contains(sequence) {
      return true
    }
    if let mode = sequence.wholeMatch(of: /\x1B\[\?([0-9;]+)[hl]/) {
      return privateModes.contains(String(mode.1))
    }
    if sequence.wholeMatch(of: /\x1B\[[0-9;]*[HmXGrdJKSTLM@PACDBb]/) != nil { return true }
    if allowingLinks {
      return sequence.wholeMatch(of: /\x1B\]8;(id=tractok)?;[!-~]*\x1B\\/) != nil
    }
    return false
  }

  /// The tokens of `output` until the cursor leaves the row it starts on (a line feed, CR LF,
  /// or a move to another row); after that other parts of the screen may be drawn before the
  /// text goes on. A lone CR stays in: ncurses never needs one inside a run of text.
  static func firstRow(_ output: TerminalOutput) -> ArraySlice<TerminalOutput.Token> {
    let tokens = output.tokens
    for (index, token) in tokens.enumerated() {
      switch token.kind {
      case .control(0x0A), .control(0x0B), .control(0x0C):
        return tokens[..<index]
      case .control(0x0D)
      where index + 1 < tokens.count && tokens[index + 1].kind == .control(0x0A):
        return tokens[..<index]
      case .escape(let sequence) where sequence.wholeMatch(of: /\x1B\[[0-9;]*[HdABEF]/) != nil:
        return tokens[..<index]
      default: continue
      }
    }
    return tokens[...]
  }

  /// Whether `token` may sit inside a run of text ncurses draws on one row: the text itself,
  /// moves along the row past cells that did not change, repeats and erases. Never a control
  /// character, never an attribute change (one piece of text has one style).
  static func mayInterrupt(_ token: TerminalOutput.Token) -> Bool {
    switch token.kind {
    case .text: return true
    case .control, .invalid: return false
    case .escape(let sequence):
      return sequence.wholeMatch(of: /\x1B\[[0-9;]*[CGXbK]/) != nil
    }
  }
}
