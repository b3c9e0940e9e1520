import CNcursesw

/// A key the user pressed, decoded from what ncurses reports.
public enum Key: Hashable, Sendable {
  /// A printable character.
  case char(Character)
  /// Control plus a letter, lowercased: `.ctrl("c")` is Ctrl-C.
  case ctrl(Character)
  case enter
  case escape
  case tab
  case backTab
  case backspace
  case delete
  case up
  case down
  case left
  case right
  case pageUp
  case pageDown
  case home
  case end

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

  /// How the key is written in the footer and the help overlay.
  public var label: String {
    switch self {
    case .char(" "): "Space"
    case .char(let character): String(character)
    case .ctrl(let letter): "Ctrl-\(letter.uppercased())"
    case .enter: "Enter"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "Shift-Tab"
    case .backspace: "Backspace"
    case .delete: "Del"
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    }
  }
}

/// A mouse event at a cell.
public enum MouseEvent: Equatable, Sendable {
  case click(Point)
  case wheelUp(Point)
  case wheelDown(Point)
}
