import Domain
import Foundation

@testable import TUI

/// One state for every mode the UI can be in, for tests that loop over modes and keys.
enum Catalog {
  static let one = AttemptID(1)

  static var states: [(name: String, state: AppState)] {
    let base = States.loaded(accounts: 20, tier: .agency, sandbox: true)
    var noSandboxPrompt = States.prompt
    noSandboxPrompt.canApproveInSandbox = false
    var portTakenPrompt = States.prompt
    portTakenPrompt.listenerProblem = States.listenerProblem
    let waiting = States.after(
      base, [.key(.char("c")), .key(.enter), .connectStarted(one, .success(States.prompt))])
    let qr = States.after(
      base, [.key(.char("c")), .key(.char("2")), .qrStarted(one, .success(States.qrPrompt))])
    let outcome = ConnectOutcome(
      account: Fixtures.account(77), reconnected: false, declinedScopes: [])
    var overLimit = Fixtures.snapshot(accounts: 4, tier: .free)
    overLimit.accounts[3].status = .overLimit
    var overLimitState = AppState(profile: "default", tier: .free, now: Fixtures.now)
    _ = update(&overLimitState, .accountsLoaded(overLimit))
    var empty = AppState(profile: "default", now: Fixtures.now)
    _ = update(
      &empty,
      .accountsLoaded(
        AccountsSnapshot(
          profile: "default", tier: .free, accounts: [], selectedOpenID: nil, app: Fixtures.app,
          isSandbox: true)))
    let fullFree = States.loaded(accounts: 1, tier: .free)
    return [
      ("loading", AppState(profile: "default", now: Fixtures.now)),
      (
        "load failed",
        States.after(
          AppState(profile: "default", now: Fixtures.now),
          [.accountsLoadFailed(.storage("corrupt"))])
      ),
      ("empty", empty),
      ("browsing", base),
      ("browsing at the end", States.after(base, [.key(.char("G"))])),
      (
        "browsing on an expired account",
        States.after(base, Array(repeating: .key(.char("j")), count: 6))
      ),
      ("browsing with an error shown", States.after(base, [.backgroundFailed(.storage("x"))])),
      ("message log", States.after(base, [.backgroundFailed(.storage("x")), .key(.char("m"))])),
      ("sandbox panel finding", States.after(base, [.key(.char("S"))])),
      (
        "sandbox panel",
        States.after(
          base,
          [
            .key(.char("S")),
            .sandboxLocated(
              .success(
                SandboxControls(
                  pageURL: "http://127.0.0.1:41234/_sandbox/",
                  faultsURL: "http://127.0.0.1:41234/_sandbox/faults"))),
          ])
      ),
      ("filter typing", States.after(base, [.key(.char("/")), .key(.char("a"))])),
      ("filter applied", States.after(base, [.key(.char("/")), .key(.char("a")), .key(.enter)])),
      (
        "filter matching nothing",
        States.after(base, [.key(.char("/")), .key(.char("#")), .key(.enter)])
      ),
      ("over limit, chooser closed", States.after(overLimitState, [.key(.escape)])),
      ("switcher", States.after(base, [.key(.char("s"))])),
      ("switcher matching nothing", States.after(base, [.key(.char("s")), .key(.char("#"))])),
      ("connect choosing", States.after(base, [.key(.char("c"))])),
      ("connect starting", States.after(base, [.key(.char("c")), .key(.enter)])),
      ("connect waiting", waiting),
      (
        "connect waiting without sandbox",
        States.after(
          base, [.key(.char("c")), .key(.enter), .connectStarted(one, .success(noSandboxPrompt))])
      ),
      (
        "connect waiting with the port taken",
        States.after(
          base, [.key(.char("c")), .key(.enter), .connectStarted(one, .success(portTakenPrompt))])
      ),
      ("connect paste field", States.after(waiting, [.key(.tab), .key(.char("x"))])),
      ("connect paste checking", States.after(waiting, [.key(.char("h")), .key(.enter)])),
      ("connect quit question", States.after(waiting, [.key(.char("q"))])),
      ("connect exchanging", States.after(waiting, [.callbackPolled(one, .received)])),
      ("connect finished", States.after(waiting, [.connectFinished(one, .success(outcome))])),
      (
        "connect failed",
        States.after(waiting, [.connectFinished(one, .failure(.slotsFull(tier: .pro)))])
      ),
      ("qr waiting", qr),
      ("qr scanned", States.after(qr, [.qrPolled(one, .success(.scanned))])),
      ("qr expired", States.after(qr, [.qrPolled(one, .success(.expired))])),
      ("disconnect confirm", States.after(base, [.key(.char("d"))])),
      ("disconnect working", States.after(base, [.key(.char("d")), .key(.char("y"))])),
      (
        "disconnect done",
        States.after(
          base,
          [
            .key(.char("d")), .key(.char("y")),
            .disconnectFinished(
              openID: Fixtures.account(0).openID, .success(DisconnectReport(revoked: true))),
          ])
      ),
      ("upgrade", States.after(fullFree, [.key(.char("c"))])),
      ("upgrade confirming", States.after(fullFree, [.key(.char("c")), .key(.char("u"))])),
      (
        "upgrade working",
        States.after(fullFree, [.key(.char("c")), .key(.char("u")), .key(.char("y"))])
      ),
      (
        "upgrade failed",
        States.after(
          fullFree,
          [
            .key(.char("c")), .key(.char("u")), .key(.char("y")),
            .tierChanged(.failure(.storage("x"))),
          ])
      ),
      (
        "upgrade on agency",
        States.after(States.loaded(accounts: 25, tier: .agency), [.key(.char("c"))])
      ),
      ("over-limit chooser", overLimitState),
      ("over-limit working", States.after(overLimitState, [.key(.enter)])),
      ("help", States.after(base, [.key(.char("?"))])),
      (
        "help searched", States.after(base, [.key(.char("?")), .key(.char("z")), .key(.char("z"))])
      ),
      ("too small", States.after(base, [.resized(ScreenSize(width: 40, height: 10))])),
      ("one cell", States.after(base, [.resized(ScreenSize(width: 1, height: 1))])),
    ]
  }

  /// Every key: named keys, printable ASCII, some non-ASCII text and every Ctrl letter.
  static var keys: [Key] {
    let named: [Key] = [
      .enter, .escape, .tab, .backTab, .backspace, .delete, .up, .down, .left, .right, .pageUp,
      .pageDown, .home, .end,
    ]
    let ascii = (0x20...0x7E).compactMap { Unicode.Scalar($0).map { Key.char(Character($0)) } }
    let text: [Key] = ["中", "é", "ß", "😀", "ｱ"].map { .char($0) }
    let control = "abcdefghijklmnopqrstuvwxyz".map { Key.ctrl($0) }
    return named + ascii + text + control
  }
}
