import CNcursesw
import Domain
import Testing

@testable import TUI

@Suite("Keys and the key map")
struct KeyMapTests {
  init() { _ = TestLocale.pinned }

  @Test("characters from ncurses become keys; controls become Ctrl letters or named keys")
  func fromCharacters() {
    #expect(Key.fromCharacter(0x6A) == .char("j"))
    #expect(Key.fromCharacter(0x4E2D) == .char("中"))
    #expect(Key.fromCharacter(0x0D) == .enter)
    #expect(Key.fromCharacter(0x0A) == .enter)
    #expect(Key.fromCharacter(0x1B) == .escape)
    #expect(Key.fromCharacter(0x09) == .tab)
    #expect(Key.fromCharacter(0x7F) == .backspace)
    #expect(Key.fromCharacter(0x03) == .ctrl("c"))
    #expect(Key.fromCharacter(0x15) == .ctrl("u"))
    #expect(Key.fromCharacter(0x00) == nil)
    #expect(Key.fromCharacter(0x9B) == nil)
    #expect(Key.fromCharacter(0x301) == nil)
    #expect(Key.fromCharacter(0xD800) == nil)
  }

  @Test("function keys from ncurses become named keys")
  func fromKeyCodes() {
    #expect(Key.fromKeyCode(KEY_UP) == .up)
    #expect(Key.fromKeyCode(KEY_DOWN) == .down)
    #expect(Key.fromKeyCode(KEY_NPAGE) == .pageDown)
    #expect(Key.fromKeyCode(KEY_PPAGE) == .pageUp)
    #expect(Key.fromKeyCode(KEY_HOME) == .home)
    #expect(Key.fromKeyCode(KEY_END) == .end)
    #expect(Key.fromKeyCode(KEY_BACKSPACE) == .backspace)
    #expect(Key.fromKeyCode(KEY_BTAB) == .backTab)
    #expect(Key.fromKeyCode(KEY_F0 + 5) == nil)
  }

  @Test("the list keys of the product spec map as documented")
  func browsingKeys() {
    let state = States.loaded()
    let expected: [(Key, Msg)] = [
      (.char("j"), .accounts(.move(1))), (.down, .accounts(.move(1))),
      (.char("k"), .accounts(.move(-1))), (.up, .accounts(.move(-1))),
      (.enter, .accounts(.selectCursor)), (.char("s"), .command(.openSwitcher)),
      (.tab, .command(.openSwitcher)), (.char("c"), .command(.openConnect)),
      (.char("r"), .command(.refreshCursor)), (.char("R"), .command(.syncCursor)),
      (.char("d"), .command(.askDisconnect)), (.char("/"), .accounts(.beginFilter)),
      (.char("?"), .command(.openHelp)), (.char("q"), .command(.quit)),
      (.ctrl("c"), .command(.quitNow)),
    ]
    for (key, msg) in expected { #expect(KeyMap.message(for: key, in: state) == msg, "\(key)") }
    #expect(KeyMap.message(for: .char("x"), in: state) == nil)
    #expect(KeyMap.message(for: .escape, in: state) == nil)
  }

  @Test("text fields take printable keys as text, including the letters of list commands")
  func textFields() {
    let filtering = States.after(States.loaded(), [.key(.char("/"))])
    #expect(KeyMap.message(for: .char("q"), in: filtering) == .accounts(.filterTyped("q")))
    #expect(KeyMap.message(for: .char("j"), in: filtering) == .accounts(.filterTyped("j")))
    let switcher = States.after(States.loaded(), [.key(.char("s"))])
    #expect(KeyMap.message(for: .char("q"), in: switcher) == .switcher(.typed("q")))
    let help = States.after(States.loaded(), [.key(.char("?"))])
    #expect(KeyMap.message(for: .char("?"), in: help) == .help(.typed("?")))
    #expect(KeyMap.message(for: .ctrl("c"), in: help) == .command(.quitNow))
  }

  @Test("the footer shows the keys of the mode, and an empty profile only what works there")
  func hints() {
    var empty = AppState(profile: "p", now: Fixtures.now)
    _ = update(
      &empty,
      .accountsLoaded(
        AccountsSnapshot(
          profile: "p", tier: .free, accounts: [], selectedOpenID: nil, app: Fixtures.app,
          isSandbox: false)))
    #expect(KeyMap.hints(for: empty).map(\.keys) == ["c", "m", "?", "q"])
    let waiting = States.after(
      States.loaded(sandbox: true),
      [.key(.char("c")), .key(.enter), .connectStarted(AttemptID(1), .success(States.prompt))])
    #expect(KeyMap.hints(for: waiting).map(\.keys) == ["y", "Tab", "a", "Esc", "q"])
  }

  @Test("clicks map to list rows only inside the list")
  func clicks() {
    let state = States.loaded(accounts: 10)
    let inner = Layout(state.size).list.insetBy(dx: 1, dy: 1)
    #expect(
      KeyMap.message(for: .click(Point(x: inner.x, y: inner.y + 2)), in: state)
        == .accounts(.click(row: 2)))
    #expect(KeyMap.message(for: .click(Point(x: inner.x, y: 0)), in: state) == nil)
    #expect(KeyMap.message(for: .click(Point(x: inner.maxX + 3, y: inner.y)), in: state) == nil)
    let help = States.after(state, [.key(.char("?"))])
    #expect(KeyMap.message(for: .click(Point(x: inner.x, y: inner.y)), in: help) == nil)
  }
}
