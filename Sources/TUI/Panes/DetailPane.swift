import Domain

/// The detail pane: everything about the account under the cursor, and its recent videos.
public enum DetailPane {
  /// Videos of the account under the cursor. At most one request is in flight, so holding `j`
  /// through thousands of accounts loads only where the cursor comes to rest.
  public struct State: Equatable, Sendable {
    /// The account the videos belong to.
    public internal(set) var openID: String?
    public internal(set) var videos = Videos.none {
      // A new list or page starts at its top.
      didSet { if videos != oldValue { videoOffset = 0 } }
    }
    /// The first video shown of the current page, when the pane has room for fewer than all.
    public internal(set) var videoOffset = 0
    var request: VideoRequest?

    public init() {}

    /// Whether a further page is being fetched.
    public var isLoadingMore: Bool { request?.cursor != nil }
  }

  /// The video section's content.
  public enum Videos: Equatable, Sendable {
    case none
    /// The account did not grant `video.list`.
    case notGranted
    case loading
    /// Pages fetched so far and the one shown.
    case loaded(pages: [VideoPage], page: Int)
    case failed(DomainError)
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

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .loaded(let pages, let page) = state.detail.videos, let openID = state.detail.openID
    else { return [] }
    // `]` and `[` first move through the rows of a page that does not fit, then turn pages.
    let shown = max(1, videoRows(state))
    let offset = state.detail.videoOffset
    let count = pages.indices.contains(page) ? pages[page].videos.count : 0
    switch msg {
    case .previousPage:
      if offset > 0 {
        state.detail.videoOffset = max(0, offset - shown)
      } else if page > 0 {
        state.detail.videos = .loaded(pages: pages, page: page - 1)
        let previous = pages[page - 1].videos.count
        state.detail.videoOffset = max(0, (previous - 1) / shown * shown)
      }
    case .nextPage:
      if offset + shown < count {
        state.detail.videoOffset = offset + shown
      } else if page + 1 < pages.count {
        state.detail.videos = .loaded(pages: pages, page: page + 1)
      } else if let last = pages.last, last.hasMore, let cursor = last.cursor,
        state.detail.request == nil
      {
        state.detail.request = VideoRequest(openID: openID, cursor: cursor)
        return [.loadVideos(openID: openID, cursor: cursor)]
      }
    }
    return []
  }

  /// Points the pane at the account under the cursor when that changed; asks for its videos.
  static func follow(_ state: inout AppState) -> [Effect] {
    let account = state.accounts.cursorAccount
    guard account?.openID != state.detail.openID else { return [] }
    state.detail.openID = account?.openID
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

  /// Handles `videosLoaded`: results for another account or an old request are dropped.
  static func videosLoaded(
    _ state: inout AppState, openID: String, cursor: Int64?,
    _ result: Result<VideoPage, DomainError>
  ) -> [Effect] {
    guard state.detail.request == VideoRequest(openID: openID, cursor: cursor) else { return [] }
    state.detail.request = nil
    if openID == state.detail.openID {
      switch (result, state.detail.videos) {
      case (.success(let page), .loaded(let pages, _)) where cursor != nil:
        state.detail.videos = .loaded(pages: pages + [page], page: pages.count)
      case (.success(let page), _):
        state.detail.videos = .loaded(pages: [page], page: 0)
      case (.failure(let error), .loaded):
        state.note("Could not load more videos: \(error.message)", .error)
      case (.failure(let error), _):
        state.detail.videos = .failed(error)
      }
    }
    return requestIfIdle(&state)
  }

  /// Shows the first page a sync brought, if the pane shows that account.
  static func showSynced(_ state: inout AppState, openID: String, page: VideoPage?) {
    guard openID == state.detail.openID, let page else { return }
    state.detail.videos = .loaded(pages: [page], page: 0)
  }

  /// Starts loading the shown account's first page unless a request is already out.
  private static func requestIfIdle(_ state: inout AppState) -> [Effect] {
    guard state.detail.request == nil, state.detail.videos == .loading,
      let openID = state.detail.openID
    else { return [] }
    state.detail.request = VideoRequest(openID: openID, cursor: nil)
    return [.loadVideos(openID: openID, cursor: nil)]
  }
}
