/// A key the user pressed (the terminal layer decodes what ncurses reports).
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
