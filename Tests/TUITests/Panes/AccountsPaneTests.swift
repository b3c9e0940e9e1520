import Domain
import Testing

@testable import TUI

@Suite("Accounts pane")
struct AccountsPaneTests {
  @Test("j and k move the cursor and stop at the ends")
  func moving() {
    let store = UpdateHarness(States.loaded(accounts: 3))
    let first = Fixtures.account(0).openID
    store.send(.key(.char("k")))
    store.send(.key(.char("j"))) {
      $0.accounts.window = ListWindow(cursor: 1, top: 0)
      $0.detail.openID = Fixtures.account(1).openID
      $0.detail.videos = .loading
      $0.detail.request = DetailPane.VideoRequest(openID: Fixtures.account(1).openID, cursor: nil)
    }
    store.expectEffects([.loadVideos(openID: Fixtures.account(1).openID, cursor: nil)])
    store.send(.key(.up)) {
      $0.accounts.window = ListWindow(cursor: 0, top: 0)
      $0.detail.openID = first
    }
    store.finish()
  }

  @Test("paging and G keep the cursor visible by scrolling the window")
  func windowFollowsCursor() {
    var state = States.loaded(accounts: 100)
    let visible = Layout(state.size).listRows
    _ = update(&state, .key(.char("G")))
    #expect(state.accounts.window == ListWindow(cursor: 99, top: 100 - visible))
    _ = update(&state, .key(.pageUp))
    #expect(state.accounts.window.cursor == 99 - visible)
    #expect(state.accounts.window.top <= state.accounts.window.cursor)
    _ = update(&state, .key(.char("g")))
    #expect(state.accounts.window == ListWindow(cursor: 0, top: 0))
  }

  @Test("the cursor row stays in view when the status line takes rows from the list")
  func cursorStaysInViewAsStatusGrows() {
    var state = States.loaded(accounts: 40)
    _ = update(&state, .key(.char("G")))
    let before = state.layout.listRows
    // A failure wraps over three rows of the status line.
    _ = update(&state, .backgroundFailed(.storage(String(repeating: "disk full ", count: 40))))
    #expect(state.layout.listRows == before - 2)
    let shown = state.accounts.window.visibleRange(count: 40, visible: state.layout.listRows)
    #expect(shown.contains(39), "\(shown) \(state.accounts.window)")
    // j at the last row keeps it the last one shown.
    _ = update(&state, .key(.char("k")))
    _ = update(&state, .key(.char("j")))
    #expect(state.accounts.window.visibleRange(count: 40, visible: state.layout.listRows) == shown)
  }

  @Test("Enter makes the account under the cursor current and stores it; again does nothing")
  func selecting() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("j"))]))
    let second = Fixtures.account(1)
    store.send(.key(.enter)) {
      $0.accounts.selectedOpenID = second.openID
      $0.notice = Notice("Current account: \(second.label) \(second.handle)", at: Fixtures.now)
    }
    store.expectEffects([.persistSelection(openID: second.openID)])
    store.send(.key(.enter))
    store.finish()
  }

  @Test("a click selects the clicked row and the wheel scrolls")
  func mouse() {
    var state = States.loaded(accounts: 50)
    let inner = Layout(state.size).list.insetBy(dx: 1, dy: 1)
    _ = update(&state, .mouse(.click(Point(x: inner.x + 3, y: inner.y + 4))))
    #expect(state.accounts.window.cursor == 4)
    _ = update(&state, .mouse(.click(Point(x: inner.maxX + 5, y: inner.y + 1))))
    #expect(state.accounts.window.cursor == 4)
    _ = update(&state, .mouse(.wheelDown(Point(x: 0, y: 0))))
    #expect(state.accounts.window.top == 3)
    _ = update(&state, .mouse(.wheelUp(Point(x: 0, y: 0))))
    #expect(state.accounts.window.top == 0)
  }

  @Test("the filter narrows the rows as it is typed, keeps with Enter, clears with Esc")
  func filtering() {
    let store = UpdateHarness(States.loaded(accounts: 12))
    store.send(.key(.char("/"))) { $0.accounts.filter = .editing("") }
    // "k" is in Carla Cooks, Julia Jokes and Kofi Kitchen; "ko" only in Kofi.
    store.send(.key(.char("K"))) {
      $0.accounts.filter = .editing("K")
      $0.accounts.rows = [2, 10, 11]
      $0.accounts.window = ListWindow()
      $0.detail.openID = Fixtures.account(2).openID
      $0.detail.videos = .loading
      $0.detail.request = DetailPane.VideoRequest(openID: Fixtures.account(2).openID, cursor: nil)
    }
    store.expectEffects([.loadVideos(openID: Fixtures.account(2).openID, cursor: nil)])
    store.send(.key(.char("o"))) {
      $0.accounts.filter = .editing("Ko")
      $0.accounts.rows = [11]
      $0.detail.openID = Fixtures.account(11).openID
    }
    store.send(.key(.enter)) { $0.accounts.filter = .applied("Ko") }
    store.send(.key(.escape)) {
      $0.accounts.filter = .off
      $0.accounts.rows = Array(0..<12)
      $0.accounts.window = ListWindow(cursor: 11, top: 0)
    }
    store.finish()
  }

  @Test("search finds a patched account by its new name, keys made before the patch or after")
  func searchAfterPatch() {
    for searchedFirst in [true, false] {
      var list = States.loaded(accounts: 12).accounts
      if searchedFirst { #expect(list.index.matches("kofi", in: list.accounts) == [11]) }
      let before = list
      var renamed = list.accounts[3]
      renamed.displayName = "Zed Zebra"
      let patched = list.patch(renamed)
      #expect(patched)
      #expect(list.index.matches("zebra", in: list.accounts) == [3], "\(searchedFirst)")
      #expect(list.index.matches("kofi", in: list.accounts) == [11])
      // A copy taken before the patch keeps its own keys.
      #expect(before.index.matches("zebra", in: before.accounts).isEmpty)
    }
  }

  @Test("filter keys: Backspace erases, Ctrl-U clears, typed j is text not a move")
  func filterKeys() {
    var state = States.after(
      States.loaded(accounts: 12), [.key(.char("/")), .key(.char("j")), .key(.char("z"))])
    #expect(state.accounts.filter == .editing("jz"))
    #expect(state.accounts.rows.isEmpty)
    _ = update(&state, .key(.backspace))
    _ = update(&state, .key(.backspace))
    #expect(state.accounts.filter == .editing(""))
    #expect(state.accounts.rows.count == 12)
    state = States.after(state, [.key(.char("x")), .key(.ctrl("u"))])
    #expect(state.accounts.filter == .editing(""))
    #expect(state.accounts.rows.count == 12)
  }

  @Test("the filter matches display name, @username and open_id, ignoring case")
  func matching() {
    var state = States.loaded(accounts: 12)
    state = States.after(state, [.key(.char("/"))] + "USER_11".map { .key(.char($0)) })
    #expect(state.accounts.rows == [11])
    state = States.after(
      States.loaded(accounts: 12), [.key(.char("/"))] + "open-a-".map { .key(.char($0)) })
    #expect(state.accounts.rows == [10])
    state = States.after(
      States.loaded(accounts: 12), [.key(.char("/"))] + "山田".map { .key(.char($0)) })
    #expect(state.accounts.rows == [7])
  }

  @Test("an empty list ignores movement and selection")
  func emptyList() {
    var state = AppState(profile: "p", now: Fixtures.now)
    _ = update(
      &state,
      .accountsLoaded(
        AccountsSnapshot(
          profile: "p", tier: .free, accounts: [], selectedOpenID: nil, app: Fixtures.app,
          isSandbox: false)))
    let store = UpdateHarness(state)
    for key: Key in [
      .char("j"), .char("k"), .char("G"), .enter, .pageDown, .char("r"), .char("d"), .char("R"),
    ] {
      store.send(.key(key))
    }
    store.finish()
  }
}
