import Foundation

/// User info and video list on the Display API (`{data, error:{code, message, log_id}}`).
extension TikTokClient {
  /// Counts above this are garbage, not fame.
  static let maximumCount: Int64 = 1_000_000_000_000_000
  /// 2100-01-01 in Unix seconds: later timestamps are garbage.
  static let latestTimestamp: Int64 = 4_102_444_800

  /// The user's profile, asking only for fields the granted scopes allow.
  public func userInfo(accessToken: Secret, grantedScopes: [String]) async throws(DomainError)
    -> UserProfile
  {
    let fields = UserField.fields(for: grantedScopes)
    guard !fields.isEmpty else {
      throw DomainError.failed(
        "the \(Scope.userInfoBasic) scope was not granted, so the profile cannot be read; "
          + "connect the account again and allow it")
    }
    let response = try await sendAPI(.userInfo, fields: fields, accessToken: accessToken)
    return try Self.decodeUserInfo(response, requested: fields)
  }

  /// One page of the user's public videos, newest first. `cursor` is the previous page's
  /// (Unix milliseconds); `maxCount` is clamped to TikTok's 1...20.
  public func videos(accessToken: Secret, cursor: Int64? = nil, maxCount: Int = 20)
    async throws(DomainError) -> VideoPage
  {
    var body = "{\"max_count\":\(min(max(maxCount, 1), 20))"
    if let cursor { body += ",\"cursor\":\(cursor)" }
    body += "}"
    let response = try await sendAPI(
      .videoList, fields: VideoField.listed, accessToken: accessToken, json: Array(body.utf8))
    return try Self.decodeVideoPage(response)
  }

  static func decodeUserInfo(_ response: HTTPResponse, requested: [String]) throws(DomainError)
    -> UserProfile
  {
    let data = try displayData(response, endpoint: .userInfo)
    guard let user = try data.object("user") else { throw data.missing("user") }
    let openID = try opaque(try user.requiredString("open_id"), field: "open_id")
    let counts = 0...maximumCount
    var stats: AccountStats?
    if requested.contains("follower_count") {
      stats = AccountStats(
        followers: try user.integer("follower_count", in: counts) ?? 0,
        following: try user.integer("following_count", in: counts) ?? 0,
        likes: try user.integer("likes_count", in: counts) ?? 0,
        videos: try user.integer("video_count", in: counts) ?? 0)
    }
    return UserProfile(
      openID: openID,
      unionID: try user.string("union_id").map(UntrustedText.sanitize),
      displayName: UntrustedText.sanitize(try user.string("display_name") ?? ""),
      avatarURL: try user.string("avatar_url").map(UntrustedText.sanitize),
      username: UntrustedText.sanitize(try user.string("username") ?? ""),
      bio: UntrustedText.sanitize(try user.string("bio_description") ?? ""),
      profileDeepLink: try user.string("profile_deep_link").map(UntrustedText.sanitize),
      isVerified: try user.bool("is_verified") ?? false,
      stats: stats)
  }

  static func decodeVideoPage(_ response: HTTPResponse) throws(DomainError) -> VideoPage {
    let data = try displayData(response, endpoint: .videoList)
    let items = try data.array("videos") ?? []
    var videos: [Video] = []
    for (index, item) in items.enumerated() {
      guard let members = item.object else {
        throw DomainError.malformedResponse("data.videos[\(index)] is not an object")
      }
      videos.append(try decodeVideo(JSONFields(members, context: "data.videos[\(index)]")))
    }
    return VideoPage(
      videos: videos,
      cursor: try data.integer("cursor", in: 0...(latestTimestamp * 1000)),
      hasMore: try data.bool("has_more") ?? false)
  }

  private static func decodeVideo(_ video: JSONFields) throws(DomainError) -> Video {
    let counts = 0...maximumCount
    guard let created = try video.integer("create_time", in: 0...latestTimestamp) else {
      throw video.missing("create_time")
    }
    return Video(
      id: try opaque(try video.requiredString("id"), field: "video id"),
      title: UntrustedText.sanitize(try video.string("title") ?? ""),
      createdAt: Date(timeIntervalSince1970: TimeInterval(created)),
      views: try video.integer("view_count", in: counts),
      likes: try video.integer("like_count", in: counts),
      comments: try video.integer("comment_count", in: counts),
      shares: try video.integer("share_count", in: counts))
  }
}
