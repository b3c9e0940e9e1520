import Foundation

/// One public video of an account, as listed by `/v2/video/list/`.
public struct Video: Equatable, Sendable, Identifiable {
  public var id: String
  public var title: String
  public var createdAt: Date
  public var views: Int64?
  public var likes: Int64?
  public var comments: Int64?
  public var shares: Int64?

  public init(
    id: String, title: String, createdAt: Date, views: Int64? = nil, likes: Int64? = nil,
    comments: Int64? = nil, shares: Int64? = nil
  ) {
    self.id = id
    self.title = title
    self.createdAt = createdAt
    self.views = views
    self.likes = likes
    self.comments = comments
    self.shares = shares
  }
}

/// A page of videos and where the next one starts (`cursor` in Unix milliseconds).
public struct VideoPage: Equatable, Sendable {
  public var videos: [Video]
  public var cursor: Int64?
  public var hasMore: Bool

  public init(videos: [Video], cursor: Int64?, hasMore: Bool) {
    self.videos = videos
    self.cursor = cursor
    self.hasMore = hasMore
  }
}
