import Foundation

/// The profile `/v2/user/info/` returns; fields outside the granted scopes stay empty.
public struct UserProfile: Equatable, Sendable {
  public var openID: String
  public var unionID: String?
  public var displayName: String
  public var avatarURL: String?
  public var username: String
  public var bio: String
  public var profileDeepLink: String?
  public var isVerified: Bool
  /// Present only with `user.info.stats`.
  public var stats: AccountStats?

  public init(
    openID: String, unionID: String? = nil, displayName: String = "", avatarURL: String? = nil,
    username: String = "", bio: String = "", profileDeepLink: String? = nil,
    isVerified: Bool = false, stats: AccountStats? = nil
  ) {
    self.openID = openID
    self.unionID = unionID
    self.displayName = displayName
    self.avatarURL = avatarURL
    self.username = username
    self.bio = bio
    self.profileDeepLink = profileDeepLink
    self.isVerified = isVerified
    self.stats = stats
  }
}

/// The `fields` of `/v2/user/info/` and the scope each needs.
public enum UserField {
  public static let byScope: [(scope: String, fields: [String])] = [
    (Scope.userInfoBasic, ["open_id", "union_id", "avatar_url", "display_name"]),
    (Scope.userInfoProfile, ["bio_description", "profile_deep_link", "is_verified", "username"]),
    (Scope.userInfoStats, ["follower_count", "following_count", "likes_count", "video_count"]),
  ]

  /// The fields the granted scopes allow, and only those, so TikTok never answers
  /// `scope_permission_missed`. Empty when not even `user.info.basic` was granted.
  public static func fields(for grantedScopes: [String]) -> [String] {
    let granted = Set(grantedScopes)
    return byScope.filter { granted.contains($0.scope) }.flatMap(\.fields)
  }
}

/// The `fields` asked of `/v2/video/list/` (all within `video.list`).
public enum VideoField {
  public static let listed = [
    "id", "title", "create_time", "view_count", "like_count", "comment_count", "share_count",
  ]
}
