import Domain
import Foundation
import Testing

@testable import TUI

@Suite("Detail pane")
struct DetailPaneTests {
  @Test("one video request at a time: the cursor's resting account loads after the one in flight")
  func oneRequestInFlight() {
    var state = States.loaded(accounts: 6)
    let ids = (0..<6).map { Fixtures.account($0).openID }
    var effects: [Effect] = []
    for _ in 0..<4 { effects += update(&state, .key(.char("j"))) }
    #expect(effects == [.loadVideos(openID: ids[1], cursor: nil)])
    let next = update(
      &state, .videosLoaded(openID: ids[1], cursor: nil, .success(Fixtures.videos())))
    #expect(next == [.loadVideos(openID: ids[4], cursor: nil)])
    #expect(state.detail.videos == .loading)
    #expect(
      update(&state, .videosLoaded(openID: ids[4], cursor: nil, .failure(.network("x")))).isEmpty)
    #expect(state.detail.videos == .failed(.network("x")))
  }

  @Test("] fetches the next page once; [ goes back without fetching")
  func paging() {
    // Tall enough that a whole page of videos fits.
    let store = UpdateHarness(States.loaded(size: ScreenSize(width: 120, height: 60)))
    let alice = Fixtures.account(0).openID
    let first = Fixtures.videos()
    store.send(.key(.char("]"))) {
      $0.detail.request = DetailPane.VideoRequest(openID: alice, cursor: first.cursor)
    }
    store.expectEffects([.loadVideos(openID: alice, cursor: first.cursor)])
    store.send(.key(.char("]")))
    let second = Fixtures.videos(count: 3, hasMore: false)
    store.send(.videosLoaded(openID: alice, cursor: first.cursor, .success(second))) {
      $0.detail.request = nil
      $0.detail.videos = .loaded(pages: [first, second], page: 1)
    }
    store.send(.key(.char("]")))
    store.send(.key(.char("["))) { $0.detail.videos = .loaded(pages: [first, second], page: 0) }
    store.send(.key(.char("]"))) { $0.detail.videos = .loaded(pages: [first, second], page: 1) }
    store.finish()
  }

  @Test("on a short screen ] and [ first scroll through the page's rows, then fetch the next page")
  func scrollingWithinAPage() {
    let store = UpdateHarness(States.loaded(size: ScreenSize(width: 80, height: 24)))
    let alice = Fixtures.account(0).openID
    let first = Fixtures.videos()
    let shown = DetailPane.videoRows(store.state)
    #expect(shown > 0 && shown < first.videos.count)
    store.send(.key(.char("]"))) { $0.detail.videoOffset = shown }
    var rendered = CellBuffer(width: 80, height: 24)
    render(store.state, into: &rendered)
    #expect(Snapshot.text(rendered).contains("\(shown + 1)-"))
    while store.state.detail.videoOffset + shown < first.videos.count {
      let next = store.state.detail.videoOffset + shown
      store.send(.key(.char("]"))) { $0.detail.videoOffset = next }
    }
    store.send(.key(.char("]"))) {
      $0.detail.request = DetailPane.VideoRequest(openID: alice, cursor: first.cursor)
    }
    store.expectEffects([.loadVideos(openID: alice, cursor: first.cursor)])
    store.send(.key(.char("["))) { $0.detail.videoOffset = max(0, $0.detail.videoOffset - shown) }
    store.finish()
  }

  @Test("a stale video result is dropped")
  func staleResult() {
    let store = UpdateHarness(States.loaded())
    store.send(.videosLoaded(openID: "someone-else", cursor: nil, .success(Fixtures.videos())))
    store.send(
      .videosLoaded(openID: Fixtures.account(0).openID, cursor: 42, .success(Fixtures.videos())))
    store.finish()
  }

  @Test("without video.list the pane says so and asks for nothing")
  func notGranted() {
    var snapshot = Fixtures.snapshot(accounts: 2, tier: .pro)
    snapshot.accounts[1].grantedScopes = [Scope.userInfoBasic]
    var state = AppState(profile: "default", tier: .pro, now: Fixtures.now)
    _ = update(&state, .accountsLoaded(snapshot))
    _ = update(
      &state,
      .videosLoaded(openID: snapshot.accounts[0].openID, cursor: nil, .success(Fixtures.videos())))
    #expect(update(&state, .key(.char("j"))).isEmpty)
    #expect(state.detail.videos == .notGranted)
  }
}
