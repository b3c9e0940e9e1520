import Domain

/// The detail pane: everything about the account under the cursor, and its recent videos.
public enum DetailPane {
  /// Videos of the account under the cursor. At most one request is in flight, so holding `j`
  /// through thousands of accounts loads only where the cursor comes to rest.
  public struct State: Equatable, Sendable {
    /// The account the videos belong to.
    public internal(set) var openID: String?
    public internal(set) var videos = Videos.none
    /// The first video shown. `[` and `]` move it by a page: as many videos as the pane shows.
    public internal(set) var videoOffset = 0
    var request: VideoRequest?

    public init() {}

    /// Whether further videos are being fetched from TikTok.
    public var isLoadingMore: Bool { request?.cursor != nil }
  }

  /// The video section's content.
  public enum Videos: Equatable, Sendable {
    case none
    /// The account did not grant `video.list`.
    case notGranted
    case loading
    /// Every video fetched so far, newest first, one list whatever TikTok's pages were.
    case loaded(VideoList)
    case failed(DomainError)
  }

  /// The videos fetched so far and where TikTok's next page starts.
  public struct VideoList: Equatable, Sendable {
    public internal(set) var videos: [Video]
    public internal(set) var cursor: Int64?
    public internal(set) var hasMore: Bool

    public init(_ page: VideoPage) {
      videos = page.videos
      cursor = page.cursor
      hasMore = page.hasMore
    }

    mutating func append(_ page: VideoPage) {
      videos += page.videos
      cursor = page.cursor
      hasMore = page.hasMore && !page.videos.isEmpty
    }
  }

  struct VideoRequest: Equatable, Sendable {
    var openID: String
    var cursor: Int64?
  }

  /// What the user does in the detail pane.
  public enum Msg: Equatable, Sendable {
    case nextPage
    case previousPage
  }

  /// `]` and `[`: a page of as many videos as the pane shows, forward or back. TikTok's next
  /// page is fetched when the one shown runs past what is here, and one page ahead of that, so
  /// paging rarely waits; at either end a note says so.
  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .loaded(let list) = state.detail.videos else { return [] }
    let size = max(1, videoRows(state))
    let offset = state.detail.videoOffset
    switch msg {
    case .previousPage:
      guard offset > 0 else {
        notePaging(&state, "These are the newest videos")
        return []
      }
      turnPage(&state, to: max(0, offset - size))
      return []
    case .nextPage:
      guard offset + size < list.videos.count || list.hasMore else {
        noteAllVideos(&state, list)
        return []
      }
      turnPage(&state, to: offset + size)
      return fetchAhead(&state, pageSize: size)
    }
  }

  /// Asks for TikTok's next page when the videos of the next `pages` pages (from the one shown)
  /// are not all here.
  private static func fetchAhead(_ state: inout AppState, pageSize: Int, pages: Int = 2)
    -> [Effect]
  {
    guard case .loaded(let list) = state.detail.videos, list.hasMore, let cursor = list.cursor,
      state.detail.request == nil, let openID = state.detail.openID,
      state.detail.videoOffset + pages * pageSize > list.videos.count
    else { return [] }
    state.detail.request = VideoRequest(openID: openID, cursor: cursor)
    return [.loadVideos(openID: openID, cursor: cursor)]
  }

  /// Points the pane at the account under the cursor when that changed; asks for its videos.
  static func follow(_ state: inout AppState) -> [Effect] {
    let account = state.accounts.cursorAccount
    guard account?.openID != state.detail.openID else { return [] }
    state.detail.openID = account?.openID
    turnPage(&state, to: 0)
    guard let account else {
      state.detail.videos = .none
      return []
    }
    guard account.grantedScopes.contains(Scope.videoList) else {
      state.detail.videos = .notGranted
      return []
    }
    state.detail.videos = .loading
    return requestIfIdle(&state)
  }

  /// Handles `videosLoaded`: results for another account or an old request are dropped (the
  /// account as stored still reaches its row).
  static func videosLoaded(
    _ state: inout AppState, openID: String, cursor: Int64?, _ report: VideoPageReport
  ) -> [Effect] {
    var effects = report.account.map { RefreshTracker.showStored(&state, $0) } ?? []
    guard state.detail.request == VideoRequest(openID: openID, cursor: cursor) else {
      return effects
    }
    state.detail.request = nil
    if openID == state.detail.openID {
      switch (report.page, state.detail.videos) {
      case (.success(let page), .loaded(var list)) where cursor != nil:
        list.append(page)
        state.detail.videos = .loaded(list)
        let size = max(1, videoRows(state))
        if state.detail.videoOffset >= list.videos.count && !list.hasMore {
          // The page `]` moved to turned out empty: back to the last one.
          turnPage(&state, to: max(0, (list.videos.count - 1) / size * size))
          noteAllVideos(&state, list)
        }
        // Only until the page shown is full: a page ahead is asked for when `]` moves.
        effects += fetchAhead(&state, pageSize: size, pages: 1)
      case (.success(let page), _):
        state.detail.videos = .loaded(VideoList(page))
        // A first page shorter than the pane is completed at once.
        effects += fetchAhead(&state, pageSize: max(1, videoRows(state)), pages: 1)
      case (.failure(let error), .loaded):
        state.note("Could not load more videos: \(error.onScreen)", .error)
      case (.failure(let error), _):
        state.detail.videos = .failed(error)
      }
    }
    return effects + requestIfIdle(&state)
  }

  /// Shows the first page a sync brought, if the pane shows that account.
  static func showSynced(_ state: inout AppState, openID: String, page: VideoPage?) {
    guard openID == state.detail.openID, let page else { return }
    state.detail.videos = .loaded(VideoList(page))
    turnPage(&state, to: 0)
  }

  /// Shows page `offset`; a note about where the pages end spoke of the page before, so it goes.
  private static func turnPage(_ state: inout AppState, to offset: Int) {
    state.detail.videoOffset = offset
    if state.notice?.isAboutPaging == true { state.notice = nil }
  }

  /// Notes at either end of the videos, on the status line until the page changes.
  private static func notePaging(_ state: inout AppState, _ text: String) {
    state.notice = Notice(text, at: state.now, isAboutPaging: true)
  }

  private static func noteAllVideos(_ state: inout AppState, _ list: VideoList) {
    notePaging(&state, "No older videos: that is all \(Format.count(list.videos.count, "video"))")
  }

  /// Starts loading the shown account's first page unless a request is already out.
  private static func requestIfIdle(_ state: inout AppState) -> [Effect] {
    guard state.detail.request == nil, state.detail.videos == .loading,
      let openID = state.detail.openID
    else { return [] }
    state.detail.request = VideoRequest(openID: openID, cursor: nil)
    return [.loadVideos(openID: openID, cursor: nil)]
  }

  /// How many video rows the pane shows now, measured from the same rows render draws.
  static func videoRows(_ state: AppState) -> Int {
    guard let account = state.accounts.cursorAccount else { return 0 }
    let area = contentArea(state.layout.detail)
    let top = fieldRows(account, state, width: area.width, height: area.height).count + 1
    // The table: a heading and column titles, then the videos.
    return max(0, area.height - top - 2)
  }

  /// The pane's text area inside its frame.
  static func contentArea(_ frame: Rect) -> Rect {
    frame.insetBy(dx: 1, dy: 1).insetBy(dx: 1, dy: 0)
  }
}
