import Domain

/// The accounts list: every connected account, a cursor, a filter, and the current account.
public enum AccountsPane {
  /// The list's state. `rows` holds positions into `accounts` that pass the filter; it is
  /// recomputed when the data or the filter changes, never while drawing or moving.
  public struct State: Equatable, Sendable {
    /// The accounts loaded so far: all of the profile's, or at start, for a moment, the first
    /// screenfuls of a long list (`total` counts them all).
    public internal(set) var accounts: [Account] = []
    /// How many accounts the profile holds: what the header, the title and the slots count.
    public internal(set) var total = 0
    /// Whether only the first rows are in and the whole list is on its way.
    var awaitingWhole = false
    public internal(set) var rows: [Int] = []
    public internal(set) var window = ListWindow()
    public internal(set) var filter = Filter.off
    /// The profile's current account (stored, shown in the header, used by `tractok token`).
    public internal(set) var selectedOpenID: String?
    /// The current account as the last snapshot read it from the store; when a snapshot says
    /// otherwise, another process (`tractok switch`) changed it.
    var storedSelection: String?
    var index = AccountIndex()
    var revision = 0
    /// An account to put the cursor on when the next load brings it (a new connection).
    var revealOnLoad: String?

    public init() {}

    /// The account under the cursor.
    public var cursorAccount: Account? {
      guard rows.indices.contains(window.cursor) else { return nil }
      return account(at: rows[window.cursor])
    }

    /// The current account, if it is in the list.
    public var selectedAccount: Account? {
      selectedOpenID.flatMap { index.position(of: $0) }.flatMap(account(at:))
    }

    /// The account with `openID`, if connected.
    public func account(withOpenID openID: String) -> Account? {
      index.position(of: openID).flatMap(account(at:))
    }

    func account(at position: Int) -> Account? {
      accounts.indices.contains(position) ? accounts[position] : nil
    }

    /// The list row showing the account at `position`, if the filter lets it through.
    func row(ofPosition position: Int) -> Int? {
      var low = 0
      var high = rows.count
      while low < high {
        let middle = (low + high) / 2
        if rows[middle] < position { low = middle + 1 } else { high = middle }
      }
      return low < rows.count && rows[low] == position ? low : nil
    }
  }

  /// The list filter: off, being typed (`/`), or applied.
  public enum Filter: Equatable, Sendable {
    case off
    case editing(String)
    case applied(String)

    public var query: String {
      switch self {
      case .off: ""
      case .editing(let query), .applied(let query): query
      }
    }
  }

  /// What the user does in the list.
  public enum Msg: Equatable, Sendable {
    case move(Int)
    case page(Int)
    case first
    case last
    case scroll(Int)
    /// A click on the list's `row`-th visible row.
    case click(row: Int)
    /// Make the account under the cursor the current one.
    case selectCursor
    case beginFilter
    case filterTyped(Character)
    case filterErase
    case filterClear
    case filterDone
    case filterCancel
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    let visible = state.layout.listRows
    let count = state.accounts.rows.count
    switch msg {
    case .move(let delta): state.accounts.window.move(by: delta, count: count, visible: visible)
    case .page(let pages):
      state.accounts.window.move(
        by: pages.multipliedReportingOverflow(by: visible).partialValue, count: count,
        visible: visible)
    case .first: state.accounts.window.moveTo(0, count: count, visible: visible)
    case .last: state.accounts.window.moveTo(count - 1, count: count, visible: visible)
    case .scroll(let delta): state.accounts.window.scroll(by: delta, count: count, visible: visible)
    case .click(let row):
      let target = state.accounts.window.top + row
      guard row >= 0, target < count else { return [] }
      state.accounts.window.moveTo(target, count: count, visible: visible)
    case .selectCursor:
      guard let account = state.accounts.cursorAccount else { return [] }
      return select(&state, account)
    case .beginFilter: state.accounts.filter = .editing(state.accounts.filter.query)
    case .filterTyped(let character):
      let query = state.accounts.filter.query + String(character)
      state.accounts.applyFilter(query, narrowing: true, visible: visible)
      state.accounts.filter = .editing(query)
    case .filterErase:
      let query = String(state.accounts.filter.query.dropLast())
      state.accounts.applyFilter(query, narrowing: false, visible: visible)
      state.accounts.filter = .editing(query)
    case .filterClear:
      state.accounts.applyFilter("", narrowing: false, visible: visible)
      state.accounts.filter = .editing("")
    case .filterDone:
      let query = state.accounts.filter.query
      state.accounts.filter = query.isEmpty ? .off : .applied(query)
    case .filterCancel:
      state.accounts.applyFilter("", narrowing: false, visible: visible)
      state.accounts.filter = .off
    }
    return []
  }

  /// Makes `account` the current one and stores that.
  static func select(_ state: inout AppState, _ account: Account) -> [Effect] {
    guard state.accounts.selectedOpenID != account.openID else { return [] }
    state.accounts.selectedOpenID = account.openID
    state.note("Current account: \(account.label) \(account.handle)")
    return [.persistSelection(openID: account.openID)]
  }
}

extension AccountsPane.State {
  /// Takes a fresh list (of `total` accounts, the first of them when it holds fewer), keeping
  /// the cursor on the same account where possible.
  mutating func load(_ list: [Account], total: Int, visible: Int) {
    let cursorOpenID = revealOnLoad ?? cursorAccount?.openID
    let oldRow = window.cursor
    accounts = list
    self.total = max(total, list.count)
    revision += 1
    index = AccountIndex(list, revision: revision)
    rows = index.matches(filter.query, in: accounts)
    if let openID = cursorOpenID, let position = index.position(of: openID),
      let row = row(ofPosition: position)
    {
      window.moveTo(row, count: rows.count, visible: visible)
      if revealOnLoad == openID { revealOnLoad = nil }
    } else {
      window.moveTo(oldRow, count: rows.count, visible: visible)
    }
  }

  /// Replaces one account in place (after a refresh or sync); false when it is not listed.
  mutating func patch(_ account: Account) -> Bool {
    guard let position = index.position(of: account.openID), accounts.indices.contains(position)
    else { return false }
    guard accounts[position] != account else { return true }
    accounts[position] = account
    revision += 1
    index.update(account, at: position, revision: revision)
    return true
  }

  /// Recomputes the rows for `query`; `narrowing` searches only the current rows (the query
  /// grew, so nothing outside them can match). The cursor stays on its account when it can.
  mutating func applyFilter(_ query: String, narrowing: Bool, visible: Int) {
    let keep = cursorAccount?.openID
    rows = index.matches(query, among: narrowing ? rows : nil, in: accounts)
    let target = keep.flatMap { index.position(of: $0) }.flatMap { row(ofPosition: $0) } ?? 0
    window.moveTo(target, count: rows.count, visible: visible)
  }

  /// Puts the cursor on the account with `openID`, clearing the filter if it hides it.
  mutating func focus(openID: String, visible: Int) {
    guard let position = index.position(of: openID) else { return }
    if row(ofPosition: position) == nil {
      filter = .off
      rows = index.matches("", in: accounts)
    }
    window.moveTo(row(ofPosition: position) ?? 0, count: rows.count, visible: visible)
  }

  /// Keeps the cursor in view after the list's height changed.
  mutating func fit(visible: Int) { window.clamp(count: rows.count, visible: visible) }
}
