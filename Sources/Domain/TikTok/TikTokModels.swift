import Foundation

/// What the token endpoint hands out, for a code exchange or a refresh.
public struct TokenGrant: Equatable, Sendable {
  public var accessToken: Secret
  /// Nil when a refresh answer carries no new refresh token: the caller keeps the old one.
  public var refreshToken: Secret?
  /// Seconds the access token stays valid from now (store `now + accessExpiresIn`).
  public var accessExpiresIn: TimeInterval
  /// Seconds the refresh token stays valid from now; nil when TikTok did not say.
  public var refreshExpiresIn: TimeInterval?
  /// The user's id for this app. Always present after a code exchange; a refresh answer may
  /// omit it (the caller already knows the account).
  public var openID: String?
  /// The granted scopes from `scope`; nil when TikTok did not list them (use the callback's).
  public var scopes: [String]?
  public var tokenType: String?

  public init(
    accessToken: Secret, refreshToken: Secret?, accessExpiresIn: TimeInterval,
    refreshExpiresIn: TimeInterval?, openID: String?, scopes: [String]?, tokenType: String? = nil
  ) {
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.accessExpiresIn = accessExpiresIn
    self.refreshExpiresIn = refreshExpiresIn
    self.openID = openID
    self.scopes = scopes
    self.tokenType = tokenType
  }
}

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

/// How a revoke ended; both mean the grant no longer works at TikTok.
public enum RevokeOutcome: Equatable, Sendable {
  case revoked
  /// TikTok said the token was already invalid (`invalid_grant`, `access_token_invalid`, 401).
  case alreadyRevoked
}

/// A fresh QR login from `get_qrcode`.
public struct QRCodeTicket: Equatable, Sendable {
  /// TikTok's template, with `client_ticket=tobefilled` still in it.
  public var scanURLTemplate: String
  /// The polling token; kept in memory only.
  public var token: Secret

  public init(scanURLTemplate: String, token: Secret) {
    self.scanURLTemplate = scanURLTemplate
    self.token = token
  }
}

/// One `check_qrcode` answer as sent (interpreted by `QRLoginAttempt`).
public struct QRCheck: Equatable, Sendable {
  public var status: String
  public var clientTicket: String
  /// `redirect_uri`, else `redirect_url`, else `code`: a URL holding the code, or the code.
  public var codeCarrier: Secret?
  public var state: String?

  public init(status: String, clientTicket: String, codeCarrier: Secret?, state: String?) {
    self.status = status
    self.clientTicket = clientTicket
    self.codeCarrier = codeCarrier
    self.state = state
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
