import Domain

/// The searchable help overlay (`?`): every key of every mode, what the status badges mean, and
/// where the command line takes over, filtered by what is typed.
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

  /// One entry per key: where two bindings of a mode share a key (Esc takes an error off the
  /// status line, else clears the filter), the first one wins, and its entry says what the key
  /// does after it.
  static func merged(_ hints: [KeyBinding.Hint]) -> [KeyBinding.Hint] {
    var entries: [KeyBinding.Hint] = []
    for hint in hints {
      if let first = entries.firstIndex(where: { $0.keys == hint.keys }) {
        entries[first].help += "; otherwise " + hint.help
      } else {
        entries.append(hint)
      }
    }
    return entries
  }

  /// One line of help: a section title, keys (or a badge) with what they do, or prose.
  public enum Line: Equatable, Sendable {
    case section(String)
    case entry(keys: String, help: String)
    case text(String)
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
      let rows = rows(matching: help.query, width: textWidth(in: state.layout))
      help.scroll = min(max(0, help.scroll + delta), max(0, rows.count - 1))
    case .close:
      state.overlay = .none
      return []
    }
    state.overlay = .help(help)
    return []
  }

  /// What each badge means, with the narrow lists' letter.
  static let legend: [(AccountStatus, String)] = [
    (.active, "the token works; it is refreshed before it runs out"),
    (.refreshing, "a refresh is under way"),
    (
      .expiring,
      "refresh failing while the access token runs out, or the grant ends within 14 days: "
        + "reconnect before the date shown"
    ),
    (.error, "a refresh failed for a passing reason; the details show the next attempt"),
    (.expired, "the grant ended or TikTok refused it: press c on it to reconnect"),
    (.revoked, "TikTok withdrew access: press c on it to reconnect"),
    (
      .overLimit,
      "more accounts than the tier allows: not refreshed, no token; o chooses the active ones"
    ),
  ]

  /// Where the command line takes over.
  static let commandLine =
    "Scripts and cron jobs use the same accounts from a shell: `tractok token ACCOUNT` prints a "
    + "valid access token, `tractok status` checks every account, `tractok refresh --all` "
    + "refreshes, `tractok connect --qr` connects without this UI. `tractok --help` lists every "
    + "command."

  /// The help text, keeping only lines (and their section titles) that mention `query`.
  public static func lines(matching query: String) -> [Line] {
    let needle = query.lowercased()
    func matches(_ text: String) -> Bool { needle.isEmpty || text.lowercased().contains(needle) }
    var sections: [(String, [Line])] = KeyMap.helpSections.map { section in
      let entries = merged(KeyMap.bindings(for: section.context).compactMap(\.hint)).filter {
        hint in
        matches("\(section.title) \(hint.keys) \(hint.help)")
      }
      return (section.title, entries.map { .entry(keys: $0.keys, help: $0.help) })
    }
    sections.append(
      (
        "Everywhere",
        matches("everywhere ctrl-c quit at once")
          ? [.entry(keys: "Ctrl-C", help: "quit at once (cancels a connection)")] : []
      ))
    sections.append(
      (
        "Status badges",
        legend.compactMap { status, meaning in
          let keys = "\(Badge.narrow(status)) \(status.rawValue)"
          return matches("status badges \(keys) \(meaning)")
            ? .entry(keys: keys, help: meaning) : nil
        }
      ))
    sections.append(
      ("Outside the UI", matches("outside the ui \(commandLine)") ? [.text(commandLine)] : []))
    var lines: [Line] = []
    for (title, entries) in sections where !entries.isEmpty {
      if !lines.isEmpty { lines.append(.blank) }
      lines.append(.section(title))
      lines += entries
    }
    return lines
  }

  /// One screen row of help: a section title, or text with the keys it describes on its first
  /// row (text that is not an entry's starts at `column`).
  struct Row: Equatable {
    var title = false
    var keys = ""
    var text: String
    var column: Int
  }

  /// Columns before an entry's text: the widest keys (a badge with its word) and a gap.
  static let textColumn = 16

  /// The help as rows `width` columns wide: long entries and prose wrap instead of being cut.
  static func rows(matching query: String, width: Int) -> [Row] {
    lines(matching: query).flatMap { line -> [Row] in
      switch line {
      case .blank: return [Row(text: "", column: 0)]
      case .section(let title): return [Row(title: true, text: title, column: 0)]
      case .text(let text):
        return TextWrap.lines(text, width: max(1, width - 2)).map { Row(text: $0, column: 2) }
      case .entry(let keys, let help):
        let lines = TextWrap.lines(help, width: max(1, width - textColumn))
        return lines.enumerated().map { offset, line in
          Row(keys: offset == 0 ? keys : "", text: line, column: textColumn)
        }
      }
    }
  }

  static func frame(in layout: Layout) -> Rect {
    layout.dialog(width: 84, height: layout.size.height - 2)
  }

  /// Columns of text inside the frame.
  static func textWidth(in layout: Layout) -> Int { max(1, frame(in: layout).width - 4) }
}
