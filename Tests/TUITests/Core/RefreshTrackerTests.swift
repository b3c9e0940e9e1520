import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Refresh tracker")
struct RefreshTrackerTests {
  @Test("ticks start refreshes for due accounts, at most a few at once, never twice")
  func dueAccounts() {
    var snapshot = Fixtures.snapshot(accounts: 8, tier: .agency)
    for index in snapshot.accounts.indices {
      snapshot.accounts[index].status = .active
      snapshot.accounts[index].nextAttemptAt = nil
      snapshot.accounts[index].accessExpiresAt = Fixtures.now.addingTimeInterval(
        index < 6 ? 60 : 20 * 3600)
    }
    var state = AppState(profile: "default", tier: .agency, now: Fixtures.now)
    state.lastExternalCheck = Fixtures.now
    _ = update(&state, .accountsLoaded(snapshot))
    let first = update(&state, .tick(Fixtures.now))
    let ids = snapshot.accounts.map(\.openID)
    #expect(first == ids.prefix(RefreshTracker.maxConcurrent).map { Effect.refresh(openID: $0, force: false) })
    #expect(state.refresh.refreshing == Set(ids.prefix(4)))
    #expect(update(&state, .tick(Fixtures.now.addingTimeInterval(0.1))).isEmpty)
    var done = snapshot.accounts[0]
    done.accessExpiresAt = Fixtures.now.addingTimeInterval(24 * 3600)
    done.lastRefreshAt = Fixtures.now
    #expect(update(&state, .refreshFinished(openID: ids[0], RefreshReport(account: done))).isEmpty)
    #expect(state.accounts.account(withOpenID: ids[0]) == done)
    let next = update(&state, .tick(Fixtures.now.addingTimeInterval(0.2)))
    #expect(next == [.refresh(openID: ids[4], force: false)])
  }

  @Test("accounts that are over the limit, expired, leased or backing off are left alone")
  func notDue() {
    var snapshot = Fixtures.snapshot(accounts: 4, tier: .agency)
    let soon = Fixtures.now.addingTimeInterval(60)
    for index in snapshot.accounts.indices { snapshot.accounts[index].accessExpiresAt = soon }
    snapshot.accounts[0].status = .overLimit
    snapshot.accounts[1].status = .expired
    snapshot.accounts[2].leaseUntil = Fixtures.now.addingTimeInterval(20)
    snapshot.accounts[3].status = .error
    snapshot.accounts[3].nextAttemptAt = Fixtures.now.addingTimeInterval(30)
    var state = AppState(profile: "default", tier: .agency, now: Fixtures.now)
    state.lastExternalCheck = Fixtures.now
    _ = update(&state, .accountsLoaded(snapshot))
    #expect(update(&state, .tick(Fixtures.now)).isEmpty)
    #expect(state.refresh.nextCheck == Fixtures.now.addingTimeInterval(20))
    #expect(
      update(&state, .tick(Fixtures.now.addingTimeInterval(10))) == [.checkForExternalChanges])
    #expect(
      update(&state, .tick(Fixtures.now.addingTimeInterval(20.5))).contains(
        .refresh(openID: snapshot.accounts[2].openID, force: false)))
  }

  @Test("r refreshes the account under the cursor once and reports the result")
  func manualRefresh() {
    let store = UpdateHarness(States.loaded())
    let alice = Fixtures.account(0)
    store.send(.key(.char("r"))) {
      $0.refresh.refreshing = [alice.openID]
      $0.refresh.requested = [alice.openID]
      $0.notice = Notice("Refreshing \(alice.label)…", at: Fixtures.now)
    }
    store.expectEffects([.refresh(openID: alice.openID, force: true)])
    store.send(.key(.char("r"))) {
      $0.notice = Notice("\(alice.label) is already refreshing", at: Fixtures.now)
    }
    store.send(
      .refreshFinished(openID: alice.openID, RefreshReport(account: nil, error: .network("reset")))
    ) {
      $0.refresh.refreshing = []
      $0.refresh.requested = []
      $0.refresh.nextCheck = nil
      $0.notice = Notice(
        "Refresh of \(alice.label) failed: could not reach TikTok: reset", kind: .error,
        at: Fixtures.now)
    }
    store.expectEffects([.loadAccounts])
    store.finish()
  }

  @Test("the refreshing badge shows while the UI's refresh is in flight")
  func badge() {
    var state = States.loaded()
    let alice = Fixtures.account(0)
    #expect(state.badge(for: alice) == .active)
    _ = update(&state, .key(.char("r")))
    #expect(state.badge(for: alice) == .refreshing)
  }

  @Test("expired and over-limit accounts are not refreshed by hand; the note says what to do")
  func refusals() {
    var state = States.after(
      States.loaded(accounts: 8),
      [
        .key(.char("j")), .key(.char("j")), .key(.char("j")), .key(.char("j")), .key(.char("j")),
        .key(.char("j")),
      ])
    #expect(state.accounts.cursorAccount?.status == .expired)
    #expect(update(&state, .key(.char("r"))).isEmpty)
    #expect(state.notice?.text.contains("connected again") == true)
    #expect(update(&state, .key(.char("R"))).isEmpty)
  }

  /// `R` on the first account, asserted; the harness and that account.
  func syncStarted() -> (UpdateHarness, Account) {
    let store = UpdateHarness(States.loaded())
    let alice = Fixtures.account(0)
    store.send(.key(.char("R"))) {
      $0.refresh.syncing = [alice.openID]
      $0.notice = Notice("Syncing \(alice.label)…", at: Fixtures.now)
    }
    store.expectEffects([.sync(openID: alice.openID)])
    return (store, alice)
  }

  @Test("R syncs profile and videos and shows the new first page")
  func sync() {
    var (store, alice) = syncStarted()
    alice.bio = "New bio"
    let page = Fixtures.videos(count: 2, hasMore: false)
    store.send(
      .syncFinished(openID: alice.openID, SyncReport(account: alice, videos: page))
    ) {
      $0.refresh.syncing = []
      $0.refresh.nextCheck = nil
      $0.accounts.accounts[0] = alice
      $0.accounts.revision += 1
      $0.accounts.index = AccountIndex($0.accounts.accounts, revision: $0.accounts.revision)
      $0.detail.videos = .loaded(DetailPane.VideoList(page))
      $0.notice = Notice("Synced \(alice.label)", kind: .success, at: Fixtures.now)
    }
    store.send(
      .syncFinished(
        openID: alice.openID,
        SyncReport(
          account: alice,
          error: .tikTok(TikTokError(code: "scope_not_authorized", message: "", httpStatus: 401))))
    ) {
      $0.refresh.nextCheck = nil
      $0.notice = Notice(
        "Sync of \(alice.label) failed: TikTok said scope_not_authorized", kind: .error,
        at: Fixtures.now)
    }
    store.finish()
  }

  @Test("a sync that found the grant revoked puts the stored account in its row at once")
  func syncFindsRevokedGrant() {
    var (store, alice) = syncStarted()
    alice.accessExpiresAt = Fixtures.now.addingTimeInterval(20 * 3600)
    alice.status = .revoked
    alice.statusReason = "TikTok said invalid_grant: Refresh token has been revoked."
    let error = DomainError.needsReconnect(account: alice.handle, reason: alice.statusReason ?? "")
    store.send(.syncFinished(openID: alice.openID, SyncReport(account: alice, error: error))) {
      $0.refresh.syncing = []
      $0.refresh.nextCheck = nil
      $0.accounts.accounts[0] = alice
      $0.accounts.revision += 1
      $0.accounts.index = AccountIndex($0.accounts.accounts, revision: $0.accounts.revision)
      $0.notice = Notice(
        "Sync of \(alice.label) failed: \(alice.handle) needs to be connected again "
          + "(\(alice.statusReason ?? "")); press c on it to reconnect", kind: .error,
        at: Fixtures.now)
    }
    #expect(store.state.badge(for: alice) == .revoked)
    let row = Screens.draw(store.state).rowText(2)
    #expect(row.contains("⊗ revoked") && !row.contains("19h"), "\(row)")
    store.finish()
  }
}
