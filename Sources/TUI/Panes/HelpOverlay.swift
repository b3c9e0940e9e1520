/// The searchable help overlay (`?`): every key of every mode, filtered by what is typed.
public enum HelpOverlay {
  /// The search text and how far the help is scrolled.
  public struct State: Equatable, Sendable {
    public internal(set) var query = ""
    public internal(set) var scroll = 0

    public init(query: String = "", scroll: Int = 0) {
      self.query = query
      self.scroll = scroll
    }
  }

  /// What the user does in the overlay.
  public enum Msg: Equatable, Sendable {
    case typed(Character)
    case erase
    case clear
    case scroll(Int)
    case close
  }

  /// One line of help: a section title, or keys with what they do.
  public enum Line: Equatable, Sendable {
    case section(String)
    case entry(keys: String, help: String)
    case blank
  }

  static func open(_ state: inout AppState) -> [Effect] {
    state.overlay = .help(State())
    return []
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .help(var help) = state.overlay else { return [] }
    switch msg {
    case .typed(let character):
      help.query.append(character)
      help.scroll = 0
    case .erase:
      help.query.removeLast(help.query.isEmpty ? 0 : 1)
      help.scroll = 0
    case .clear:
      help.query = ""
      help.scroll = 0
    case .scroll(let delta):
      let last = max(0, lines(matching: help.query).count - 1)
      help.scroll = min(max(0, help.scroll + delta), last)
    case .close:
      state.overlay = .none
      return []
    }
    state.overlay = .help(help)
    return []
  }

  /// The help text, keeping only entries (and their section titles) that mention `query`.
  public static func lines(matching query: String) -> [Line] {
    let needle = query.lowercased()
    var lines: [Line] = []
    for section in KeyMap.helpSections {
      let entries = KeyMap.bindings(for: section.context).compactMap(\.hint).filter { hint in
        needle.isEmpty || "\(section.title) \(hint.keys) \(hint.help)".lowercased().contains(needle)
      }
      guard !entries.isEmpty else { continue }
      if !lines.isEmpty { lines.append(.blank) }
      lines.append(.section(section.title))
      lines += entries.map { .entry(keys: $0.keys, help: $0.help) }
    }
    let everywhere = Line.entry(keys: "Ctrl-C", help: "quit at once (cancels a connection)")
    if needle.isEmpty || "ctrl-c quit at once everywhere".contains(needle) {
      lines += [.blank, .section("Everywhere"), everywhere]
    }
    return lines
  }
}
