/// One TikTok user the sandbox can log in as; text fields hold raw (possibly hostile) text.
public struct SandboxAccount: Sendable, Equatable, Identifiable {
  public var openID: String
  public var unionID: String
  public var displayName: String
  public var username: String
  public var bio: String
  public var isVerified: Bool
  public var followerCount: Int64
  public var followingCount: Int64
  public var likesCount: Int64
  /// Public videos, newest first.
  public var videos: [SandboxVideo]

  public var id: String { openID }

  /// The number of videos TikTok reports in `video_count`.
  public var videoCount: Int64 { Int64(videos.count) }

  public init(
    openID: String, unionID: String, displayName: String, username: String, bio: String,
    isVerified: Bool, followerCount: Int64, followingCount: Int64, likesCount: Int64,
    videos: [SandboxVideo]
  ) {
    self.openID = openID
    self.unionID = unionID
    self.displayName = displayName
    self.username = username
    self.bio = bio
    self.isVerified = isVerified
    self.followerCount = followerCount
    self.followingCount = followingCount
    self.likesCount = likesCount
    self.videos = videos
  }

  /// Whether `reference` names this account by open_id or username (with or without `@`).
  public func matches(_ reference: String) -> Bool {
    reference == openID || reference == username || reference == "@" + username
  }
}

/// One public video of a sandbox account, with the fields `/v2/video/list/` can return.
public struct SandboxVideo: Sendable, Equatable, Identifiable {
  public var id: String
  /// Unix seconds.
  public var createTime: Int64
  public var title: String
  public var description: String
  public var duration: Int64
  public var width: Int64
  public var height: Int64
  public var viewCount: Int64
  public var likeCount: Int64
  public var commentCount: Int64
  public var shareCount: Int64

  public init(
    id: String, createTime: Int64, title: String, description: String, duration: Int64,
    width: Int64, height: Int64, viewCount: Int64, likeCount: Int64, commentCount: Int64,
    shareCount: Int64
  ) {
    self.id = id
    self.createTime = createTime
    self.title = title
    self.description = description
    self.duration = duration
    self.width = width
    self.height = height
    self.viewCount = viewCount
    self.likeCount = likeCount
    self.commentCount = commentCount
    self.shareCount = shareCount
  }
}
