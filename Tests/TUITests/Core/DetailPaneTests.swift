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
      &state,
      .videosLoaded(openID: ids[1], cursor: nil, VideoPageReport(.success(Fixtures.videos()))))
    #expect(next == [.loadVideos(openID: ids[4], cursor: nil)])
    #expect(state.detail.videos == .loading)
    #expect(
      update(
        &state, .videosLoaded(openID: ids[4], cursor: nil, VideoPageReport(.failure(.network("x"))))
      ).isEmpty)
    #expect(state.detail.videos == .failed(.network("x")))
  }

  @Test(
    "] and [ move by a page of as many videos as the pane shows, fetching ahead from TikTok once")
  func paging() {
    let store = UpdateHarness(States.loaded(size: ScreenSize(width: 80, height: 25)))
    let alice = Fixtures.account(0).openID
    let first = Fixtures.videos()
    let size = DetailPane.videoRows(store.state)
    #expect(size == 4)
    // 4-7 is all here; 8-11 is not, so TikTok's next page is asked for now.
    store.send(.key(.char("]"))) {
      $0.detail.videoOffset = 4
      $0.detail.request = DetailPane.VideoRequest(openID: alice, cursor: first.cursor)
    }
    store.expectEffects([.loadVideos(openID: alice, cursor: first.cursor)])
    // The page after is shown (loading) and no second request goes out.
    store.send(.key(.char("]"))) { $0.detail.videoOffset = 8 }
    let second = Fixtures.videos(count: 3, hasMore: false)
    store.send(
      .videosLoaded(openID: alice, cursor: first.cursor, VideoPageReport(.success(second)))
    ) {
      $0.detail.request = nil
      var list = DetailPane.VideoList(first)
      list.append(second)
      $0.detail.videos = .loaded(list)
    }
    store.send(.key(.char("]"))) {
      $0.notice = Notice(
        "No older videos: that is all 11 videos", at: Fixtures.now, isAboutPaging: true)
    }
    // The note spoke of the last page: it goes when the page changes.
    store.send(.key(.char("["))) {
      $0.detail.videoOffset = 4
      $0.notice = nil
    }
    store.send(.key(.char("["))) { $0.detail.videoOffset = 0 }
    store.send(.key(.char("["))) {
      $0.notice = Notice("These are the newest videos", at: Fixtures.now, isAboutPaging: true)
    }
    store.finish()
  }

  @Test("the heading counts videos across TikTok's pages, of the profile's video count")
  func heading() {
    var account = Fixtures.account(0)
    account.stats?.videos = 140
    var list = DetailPane.VideoList(Fixtures.videos(count: 20))
    let heading = { (offset: Int) in
      DetailPane.videoHeading(list, offset: offset, pageSize: 20, account: account)
    }
    #expect(heading(0) == "Videos 1–20 of 140 · [ ]")
    list.append(Fixtures.videos(count: 20))
    #expect(heading(20) == "Videos 21–40 of 140 · [ ]")
    account.stats = nil
    #expect(heading(20) == "Videos 21–40 of 40+ · [ ]")
    list.append(Fixtures.videos(count: 5, hasMore: false))
    #expect(heading(40) == "Videos 41–45 of 45 · [ ]")
    let short = DetailPane.VideoList(Fixtures.videos(count: 3, hasMore: false))
    #expect(
      DetailPane.videoHeading(short, offset: 0, pageSize: 20, account: account) == "Videos 1–3 of 3"
    )
  }

  @Test("a page TikTok answers empty sends the view back to the last page, with a note")
  func emptyLastPage() {
    var state = States.loaded(size: ScreenSize(width: 80, height: 25))
    let alice = Fixtures.account(0).openID
    let first = Fixtures.videos()
    _ = update(&state, .key(.char("]")))
    _ = update(&state, .key(.char("]")))
    #expect(state.detail.videoOffset == 8)
    _ = update(
      &state,
      .videosLoaded(
        openID: alice, cursor: first.cursor,
        VideoPageReport(.success(VideoPage(videos: [], cursor: nil, hasMore: false)))))
    #expect(state.detail.videoOffset == 4)
    #expect(state.notice?.text == "No older videos: that is all 8 videos")
  }

  @Test("a video call that marked the grant dead shows in the account's row at once")
  func storedAccountWithVideos() {
    var state = States.loaded(size: ScreenSize(width: 80, height: 25))
    var alice = Fixtures.account(0)
    _ = update(&state, .key(.char("]")))
    alice.status = .expired
    alice.statusReason = "TikTok said invalid_grant"
    let effects = update(
      &state,
      .videosLoaded(
        openID: alice.openID, cursor: Fixtures.videos().cursor,
        VideoPageReport(.failure(.needsReconnect(account: "@user_0", reason: "x")), account: alice))
    )
    #expect(effects.isEmpty)
    #expect(state.accounts.account(withOpenID: alice.openID)?.status == .expired)
    #expect(state.notice?.text.contains("press c on it to reconnect") == true)
  }

  @Test("a stale video result is dropped")
  func staleResult() {
    let store = UpdateHarness(States.loaded())
    store.send(
      .videosLoaded(
        openID: "someone-else", cursor: nil, VideoPageReport(.success(Fixtures.videos()))))
    store.send(
      .videosLoaded(
        openID: Fixtures.account(0).openID, cursor: 42, VideoPageReport(.success(Fixtures.videos()))
      ))
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
      .videosLoaded(
        openID: snapshot.accounts[0].openID, cursor: nil,
        VideoPageReport(.success(Fixtures.videos()))))
    #expect(update(&state, .key(.char("j"))).isEmpty)
    #expect(state.detail.videos == .notGranted)
  }

  /// The detail pane's field labels and text for an account with `status`, at 120x35.
  static func details(_ status: StoredStatus, tier: Tier = .pro) -> String {
    var snapshot = Fixtures.snapshot(accounts: 1, tier: tier)
    snapshot.accounts[0].status = status
    snapshot.accounts[0].lastLogID = "LOG123"
    switch status {
    case .expired, .revoked:
      snapshot.accounts[0].statusReason = "TikTok said invalid_grant (log_id LOG123)"
      snapshot.accounts[0].lastError = "TikTok said invalid_grant (log_id LOG123)"
    case .error:
      snapshot.accounts[0].lastError = "TikTok said internal_error"
      snapshot.accounts[0].nextAttemptAt = Fixtures.now.addingTimeInterval(150)
    case .active, .overLimit: break
    }
    var state = AppState(
      profile: "default", tier: tier, now: Fixtures.now, size: ScreenSize(width: 120, height: 35))
    _ = update(&state, .accountsLoaded(snapshot))
    let area = DetailPane.contentArea(state.layout.detail)
    let rows = DetailPane.fieldRows(
      snapshot.accounts[0], state, width: area.width, height: area.height)
    return rows.map { $0.map(\.text).joined(separator: " ") }.joined(separator: "\n")
  }

  @Test(
    "token times show only while the account can use them; the key that helps shows otherwise",
    arguments: [
      (StoredStatus.active, true, nil as String?), (.error, true, nil),
      (.expired, false, "press c to sign in as @user_0 again"),
      (.revoked, false, "press c to sign in as @user_0 again"),
      (.overLimit, false, "press o to choose the active accounts"),
    ])
  func onlyWhatApplies(status: StoredStatus, tokenTimes: Bool, key: String?) {
    let text = Self.details(status)
    #expect(text.contains("Access") == tokenTimes, "\(text)")
    #expect(text.contains("Refresh until") == tokenTimes, "\(text)")
    #expect(text.contains("left") == tokenTimes, "\(text)")
    if let key { #expect(text.contains(key), "\(text)") }
    #expect(text.contains("LOG123"))
  }

  @Test("an error shows its next attempt; a dead grant is not repeated as a last error")
  func errorAndDeadGrant() {
    #expect(Self.details(.error).contains("next attempt in 2m 30s"))
    let revoked = Self.details(.revoked)
    #expect(!revoked.contains("Last error"))
    #expect(revoked.contains("⊗ revoked"))
  }

  @Test("what the pane measures for videos is what it draws: the table fills the pane exactly")
  func measureMatchesDrawing() {
    for height in [24, 30, 35] {
      let state = States.loaded(size: ScreenSize(width: 100, height: height))
      let rows = DetailPane.videoRows(state)
      let buffer = Screens.draw(state)
      let detail = state.layout.detail
      let texts = (detail.y..<detail.maxY).map { buffer.rowText($0) }
      guard let titles = texts.firstIndex(where: { $0.contains("Date") && $0.contains("Title") })
      else {
        Issue.record("no video table at height \(height)")
        continue
      }
      let videoRows = texts[(titles + 1)...].filter {
        $0.range(of: #"\d{4}-\d{2}-\d{2} "#, options: .regularExpression) != nil
      }.count
      #expect(videoRows == min(rows, Fixtures.videos().videos.count), "height \(height)")
      #expect(rows > 0)
    }
  }
}
