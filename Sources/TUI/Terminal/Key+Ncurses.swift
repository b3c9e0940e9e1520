import CNcursesw

/// Decoding what `wget_wch` reports into keys: the only part of `Key` that knows ncurses.
extension Key {
  /// The key for a character `wget_wch` returned as text; nil for ones that mean nothing here.
  public static func fromCharacter(_ value: UInt32) -> Key? {
    switch value {
    case 0x0D, 0x0A: return .enter
    case 0x1B: return .escape
    case 0x09: return .tab
    case 0x08, 0x7F: return .backspace
    case 0x01...0x1A:
      guard let letter = Unicode.Scalar(value + 0x60) else { return nil }
      return .ctrl(Character(letter))
    case 0x00...0x1F, 0x80...0x9F: return nil
    default:
      guard let scalar = Unicode.Scalar(value), TerminalText.width(of: Character(scalar)) > 0
      else { return nil }
      return .char(Character(scalar))
    }
  }

  /// The key for a function-key code `wget_wch` returned with `KEY_CODE_YES`.
  public static func fromKeyCode(_ code: Int32) -> Key? {
    switch code {
    case KEY_UP: .up
    case KEY_DOWN: .down
    case KEY_LEFT: .left
    case KEY_RIGHT: .right
    case KEY_PPAGE: .pageUp
    case KEY_NPAGE: .pageDown
    case KEY_HOME, KEY_A1: .home
    case KEY_END, KEY_C1: .end
    case KEY_BACKSPACE: .backspace
    case KEY_DC: .delete
    case KEY_ENTER: .enter
    case KEY_BTAB: .backTab
    default: nil
    }
  }
}
