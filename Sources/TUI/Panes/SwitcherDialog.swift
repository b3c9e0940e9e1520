import Domain

/// The account switcher (`s`/`Tab`): type to filter, `Enter` makes an account the current one.
public enum SwitcherDialog {
  /// The search text, the matching accounts and the cursor over them.
  public struct State: Equatable, Sendable {
    public internal(set) var query = ""
    /// Positions of matching accounts, ascending.
    public internal(set) var rows: [Int] = []
    public internal(set) var window = ListWindow()

    public init(query: String = "", rows: [Int] = [], window: ListWindow = ListWindow()) {
      self.query = query
      self.rows = rows
      self.window = window
    }
  }

  /// What the user does in the switcher.
  public enum Msg: Equatable, Sendable {
    case typed(Character)
    case erase
    case clear
    case move(Int)
    case click(row: Int)
    case choose
    case close
  }

  /// The dialog's frame on a screen of this layout.
  static func frame(in layout: Layout) -> Rect {
    layout.dialog(width: 72, height: max(8, layout.size.height * 2 / 3))
  }

  /// Account rows the dialog shows at once.
  static func visibleRows(in layout: Layout) -> Int { max(1, frame(in: layout).height - 4) }

  /// Opens the switcher with every account, the cursor on the current one.
  static func open(_ state: inout AppState) -> [Effect] {
    guard !state.accounts.accounts.isEmpty else {
      state.note("No accounts to switch between yet: press c to connect one")
      return []
    }
    let rows = Array(state.accounts.accounts.indices)
    var window = ListWindow()
    let current = state.accounts.selectedOpenID.flatMap { state.accounts.index.position(of: $0) }
    window.moveTo(current ?? 0, count: rows.count, visible: visibleRows(in: state.layout))
    state.overlay = .switcher(State(rows: rows, window: window))
    return []
  }

  /// After a load: an open switcher's rows are positions in the list it was opened on, so they
  /// are found again in the new one, for the same query.
  static func follow(_ state: inout AppState) {
    guard case .switcher(var dialog) = state.overlay else { return }
    dialog.rows = state.accounts.index.matches(dialog.query, in: state.accounts.accounts)
    dialog.window.clamp(count: dialog.rows.count, visible: visibleRows(in: state.layout))
    state.overlay = .switcher(dialog)
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .switcher(var dialog) = state.overlay else { return [] }
    let visible = visibleRows(in: state.layout)
    switch msg {
    case .typed(let character):
      dialog.query.append(character)
      dialog.rows = state.accounts.index.matches(
        dialog.query, among: dialog.rows, in: state.accounts.accounts)
      dialog.window.moveTo(0, count: dialog.rows.count, visible: visible)
    case .erase, .clear:
      dialog.query = msg == .clear ? "" : String(dialog.query.dropLast())
      dialog.rows = state.accounts.index.matches(dialog.query, in: state.accounts.accounts)
      dialog.window.moveTo(0, count: dialog.rows.count, visible: visible)
    case .move(let delta):
      dialog.window.move(by: delta, count: dialog.rows.count, visible: visible)
    case .click(let row):
      let target = dialog.window.top + row
      guard row >= 0, target < dialog.rows.count else { return [] }
      dialog.window.moveTo(target, count: dialog.rows.count, visible: visible)
      state.overlay = .switcher(dialog)
      return update(&state, .choose)
    case .choose:
      guard dialog.rows.indices.contains(dialog.window.cursor),
        let account = state.accounts.account(at: dialog.rows[dialog.window.cursor])
      else { return [] }
      state.overlay = .none
      state.accounts.focus(openID: account.openID, visible: state.layout.listRows)
      return AccountsPane.select(&state, account)
    case .close:
      state.overlay = .none
      return []
    }
    state.overlay = .switcher(dialog)
    return []
  }
}
