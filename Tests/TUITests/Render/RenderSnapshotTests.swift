import Domain
import Foundation
import Testing

@testable import TUI

/// Snapshots of whole screens: every pane, dialog and size the brief names.
@Suite("Render snapshots")
struct RenderSnapshotTests {
  static let standard = Screens.standard
  static let cramped = Screens.cramped

  init() { _ = TestLocale.pinned }

  private func draw(_ state: AppState) -> CellBuffer { Screens.draw(state) }

  private func after(_ state: AppState, _ messages: [Msg]) -> AppState {
    Screens.after(state, messages)
  }

  private func listState(_ size: ScreenSize, accounts: Int = 12) -> AppState {
    Fixtures.state(accounts: accounts, size: size, tier: .agency)
  }

  private func emptyState(_ size: ScreenSize, sandbox: Bool = true) -> AppState {
    var state = AppState(
      profile: "default", tier: .free, isSandbox: sandbox, now: Fixtures.now, size: size)
    _ = update(
      &state,
      .accountsLoaded(
        AccountsSnapshot(
          profile: "default", tier: .free, accounts: [], selectedOpenID: nil,
          app: Fixtures.app, isSandbox: sandbox)))
    return state
  }

  @Test("empty state says how to connect", arguments: [standard, cramped])
  func emptyState(size: ScreenSize) {
    Snapshot.assertMatches(draw(emptyState(size)), named: "empty-\(size.width)x\(size.height)")
  }

  @Test(
    "list and detail, with wide characters, emoji and truncation", arguments: [standard, cramped])
  func listAndDetail(size: ScreenSize) {
    var state = after(listState(size), [.key(.char("j")), .key(.char("j")), .key(.char("j"))])
    // Answer video requests as they come: one is in flight at a time.
    while let request = state.detail.request {
      state = after(
        state,
        [
          .videosLoaded(
            openID: request.openID, cursor: request.cursor,
            VideoPageReport(.success(Fixtures.videos())))
        ]
      )
    }
    Snapshot.assertMatches(draw(state), named: "list-\(size.width)x\(size.height)")
  }

  @Test("the list scrolls a window over 10,000 accounts")
  func bigList() {
    let state = after(
      listState(Self.standard, accounts: 10_000), [.key(.char("G")), .key(.char("k"))])
    Snapshot.assertMatches(draw(state), named: "list-10000-end")
  }

  @Test("loading and a failed load", arguments: [false, true])
  func loading(failed: Bool) {
    var state = AppState(profile: "default", now: Fixtures.now, size: Self.standard)
    if failed {
      state = after(state, [.accountsLoadFailed(.storage("database disk image is malformed"))])
    }
    Snapshot.assertMatches(draw(state), named: failed ? "load-failed" : "loading")
  }

  @Test("the list filter while typing and with no match")
  func filter() {
    let typing = after(
      listState(Self.standard), [.key(.char("/")), .key(.char("a")), .key(.char("l"))])
    Snapshot.assertMatches(draw(typing), named: "filter-typing")
    let none = after(typing, [.key(.char("z")), .key(.enter)])
    Snapshot.assertMatches(draw(none), named: "filter-no-match")
  }

  @Test("the switcher with a query", arguments: [standard, cramped])
  func switcher(size: ScreenSize) {
    let state = after(listState(size), [.key(.char("s")), .key(.char("a"))])
    Snapshot.assertMatches(draw(state), named: "switcher-\(size.width)x\(size.height)")
  }

  @Test("help overlay, full and searched")
  func help() {
    let state = after(listState(Self.standard), [.key(.char("?"))])
    Snapshot.assertMatches(draw(state), named: "help")
    let searched = after(state, "qr".map { .key(.char($0)) })
    Snapshot.assertMatches(draw(searched), named: "help-search-qr")
  }

  @Test(
    "terminal too small, down to one cell",
    arguments: [
      ScreenSize(width: 59, height: 15), ScreenSize(width: 60, height: 14),
      ScreenSize(width: 20, height: 3),
      ScreenSize(width: 1, height: 1),
    ])
  func tooSmall(size: ScreenSize) {
    Snapshot.assertMatches(draw(listState(size)), named: "too-small-\(size.width)x\(size.height)")
  }

  @Test("hostile account and video text never puts a control character in a cell")
  func hostileText() {
    var account = Fixtures.account(0)
    account.displayName = "\u{1B}]0;pwned\u{07}Evil\u{1B}[2J\u{202E}gnp.exe\u{9B}31m"
    account.username = "bad\u{0}user\u{7F}\r\n"
    account.bio =
      "Zalgo e\u{301}\u{302}\u{303}\u{304}\u{305} 👩🏽‍💻 🇫🇷 \u{1B}P1;2q\u{1B}\\ bye\u{200B}\u{2066}"
    account.lastError = "oops\u{1B}[1;31m"
    var state = AppState(profile: "default", tier: .pro, now: Fixtures.now, size: Self.standard)
    _ = update(
      &state,
      .accountsLoaded(
        AccountsSnapshot(
          profile: "default", tier: .pro, accounts: [account], selectedOpenID: account.openID,
          app: Fixtures.app, isSandbox: false)))
    let page = VideoPage(
      videos: [
        Video(
          id: "1", title: "\u{1B}[5mblink\u{1B}[0m 中文标题 \u{9D}8;;http://x\u{9C}",
          createdAt: Fixtures.now, views: 5, likes: 1)
      ], cursor: nil, hasMore: false)
    _ = update(
      &state, .videosLoaded(openID: account.openID, cursor: nil, VideoPageReport(.success(page))))
    Snapshot.assertMatches(draw(state), named: "hostile")
  }
}
