import Domain
import Foundation
import Testing

@testable import TUI

/// Results from the runner arriving in any mode, including late ones for work that is gone.
@Suite("Runner results in every mode")
struct ResultMessagesTests {
  init() { _ = TestLocale.pinned }

  /// Every attempt-carrying result, for an attempt id.
  private func attemptResults(_ id: AttemptID) -> [Msg] {
    let outcome = ConnectOutcome(
      account: Fixtures.account(90), reconnected: false, declinedScopes: [])
    return [
      .connectStarted(id, .success(States.prompt)), .connectStarted(id, .failure(.cancelled)),
      .callbackPolled(id, .waiting), .callbackPolled(id, .received),
      .callbackPolled(id, .refused(.invalidCallback("x"))), .pasteChecked(id, .accepted),
      .pasteChecked(id, .refused(.invalidCallback("x"))), .sandboxApprovalFailed(id, .failed("x")),
      .qrStarted(id, .success(States.qrPrompt)), .qrStarted(id, .failure(.cancelled)),
      .qrPolled(id, .success(.confirmed)), .qrPolled(id, .success(.scanned)),
      .qrPolled(id, .failure(.network("x"))), .connectFinished(id, .success(outcome)),
      .connectFinished(id, .failure(.cancelled)),
    ]
  }

  @Test("results for an attempt that never existed change nothing in any mode")
  func unknownAttempt() {
    for (name, state) in Catalog.states {
      for msg in attemptResults(AttemptID(99)) {
        var next = state
        let effects = update(&next, msg)
        #expect(next == state, "\(name): \(msg)")
        #expect(effects.isEmpty, "\(name): \(msg)")
      }
    }
  }

  @Test("every result arriving in every mode keeps the state consistent and drawable")
  func everyResultEverywhere() {
    let alice = Fixtures.account(0)
    let others: [Msg] = [
      .accountsLoaded(Fixtures.snapshot(accounts: 5, tier: .pro)),
      .accountsLoaded(
        AccountsSnapshot(
          profile: "default", tier: .free, accounts: [], selectedOpenID: nil, app: Fixtures.app,
          isSandbox: false)),
      .accountsLoadFailed(.storage("x")),
      .videosLoaded(
        openID: alice.openID, cursor: nil, VideoPageReport(.success(Fixtures.videos()))),
      .videosLoaded(openID: alice.openID, cursor: 5, VideoPageReport(.failure(.network("x")))),
      .refreshFinished(openID: alice.openID, RefreshReport(account: alice)),
      .refreshFinished(openID: "gone", RefreshReport(account: nil, error: .network("x"))),
      .syncFinished(openID: alice.openID, SyncReport(account: alice)),
      .syncFinished(openID: alice.openID, SyncReport(account: nil, error: .network("x"))),
      .syncFinished(openID: "gone", SyncReport(account: nil, error: .network("x"))),
      .sandboxLocated(
        .success(SandboxControls(pageURL: "http://127.0.0.1:1/_sandbox/", faultsURL: "f"))),
      .sandboxLocated(.failure(.failed("x"))),
      .disconnectFinished(openID: alice.openID, .success(DisconnectReport(revoked: true))),
      .disconnectFinished(openID: alice.openID, .failure(.storage("x"))),
      .tierChanged(.success(.agency)), .tierChanged(.failure(.storage("x"))),
      .keepActiveFinished(nil), .keepActiveFinished(.storage("x")), .backgroundFailed(.key("x")),
      .tick(Fixtures.now.addingTimeInterval(3600)), .quitRequested,
      .resized(ScreenSize(width: 61, height: 15)),
    ]
    for (name, state) in Catalog.states {
      for msg in others + attemptResults(Catalog.one) {
        var next = state
        _ = update(&next, msg)
        #expect(next.accounts.window.cursor < max(1, next.accounts.rows.count), "\(name): \(msg)")
        var buffer = CellBuffer(width: 0, height: 0)
        render(next, into: &buffer)
        #expect(buffer.size == next.size, "\(name): \(msg)")
      }
    }
  }

  @Test("a failed disconnect says so, keeps the selection and reloads")
  func disconnectFailure() {
    let store = UpdateHarness(States.after(States.loaded(), [.key(.char("d")), .key(.char("y"))]))
    let alice = Fixtures.account(0)
    store.send(.disconnectFinished(openID: alice.openID, .failure(.storage("disk full")))) {
      $0.overlay = .disconnect(
        DisconnectDialog.State(
          openID: alice.openID, label: "\(alice.label) (\(alice.handle))",
          phase: .done(.failure(.storage("disk full")))))
      $0.notice = Notice(
        "Could not disconnect \(alice.label): database error: disk full", kind: .error,
        at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("a failed save of the active accounts keeps the chooser open with the reason")
  func keepActiveFailure() {
    var snapshot = Fixtures.snapshot(accounts: 3, tier: .free)
    snapshot.accounts[2].status = .overLimit
    var state = AppState(profile: "default", tier: .free, now: Fixtures.now)
    _ = update(&state, .accountsLoaded(snapshot))
    _ = update(&state, .key(.enter))
    let store = UpdateHarness(state)
    store.send(.keepActiveFinished(.storage("locked"))) {
      $0.overlay = .overLimit(
        OverLimitDialog.State(
          keep: [snapshot.accounts[0].openID], phase: .failed(.storage("locked"))))
    }
    store.send(.key(.escape)) { $0.overlay = .none }
    store.finish()
  }

  @Test("a late connect result after the dialog was closed is ignored")
  func lateAfterClose() {
    let state = States.after(
      States.loaded(),
      [
        .key(.char("c")), .key(.enter), .connectStarted(Catalog.one, .success(States.prompt)),
        .connectFinished(Catalog.one, .failure(.cancelled)), .key(.enter),
      ])
    #expect(state.overlay == .none)
    let store = UpdateHarness(state)
    for msg in attemptResults(Catalog.one) { store.send(msg) }
    store.finish()
  }
}
