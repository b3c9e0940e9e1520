import Foundation

/// What is stored about an account's health; the badge shown is derived from it and the clock.
public enum StoredStatus: String, Sendable, Equatable, CaseIterable {
  case active
  case error
  case expired
  case revoked
  case overLimit = "over-limit"
}

/// Follower, following, like and video counts (present only with `user.info.stats`).
public struct AccountStats: Equatable, Sendable {
  public var followers: Int64
  public var following: Int64
  public var likes: Int64
  public var videos: Int64

  public init(followers: Int64, following: Int64, likes: Int64, videos: Int64) {
    self.followers = followers
    self.following = following
    self.likes = likes
    self.videos = videos
  }
}

/// One connected TikTok account as stored, without its tokens.
public struct Account: Equatable, Sendable, Identifiable {
  public var openID: String
  public var profile: String
  public var displayName: String
  public var username: String
  public var avatarURL: String?
  public var bio: String
  public var profileDeepLink: String?
  public var isVerified: Bool
  public var stats: AccountStats?
  public var grantedScopes: [String]
  public var declinedScopes: [String]
  public var status: StoredStatus
  public var statusReason: String?
  public var lastError: String?
  public var lastLogID: String?
  public var accessExpiresAt: Date
  public var accessLifetime: TimeInterval
  public var refreshExpiresAt: Date
  public var lastRefreshAt: Date?
  public var nextAttemptAt: Date?
  public var leaseUntil: Date?
  public var connectedAt: Date
  public var profileSyncedAt: Date?
  /// Refresh failures in a row; drives the backoff.
  public var failureCount: Int
  /// The app it was granted through: every call for it goes through that app.
  public var app: AppGrant
  /// TikTok's id of the user across the apps of one developer, when TikTok gave it: the same
  /// person connected through two apps is two accounts with one union_id.
  public var unionID: String?
  /// While `over-limit`: the status the account had when it went over the tier's limit, which
  /// it gets back when it is chosen to stay active (an `expired` grant stays expired).
  public var held: OverLimitHold?

  public var id: String { openID }

  public init(
    openID: String, profile: String, displayName: String, username: String,
    avatarURL: String? = nil, bio: String = "", profileDeepLink: String? = nil,
    isVerified: Bool = false, stats: AccountStats? = nil, grantedScopes: [String],
    declinedScopes: [String] = [], status: StoredStatus = .active, statusReason: String? = nil,
    lastError: String? = nil, lastLogID: String? = nil, accessExpiresAt: Date,
    accessLifetime: TimeInterval, refreshExpiresAt: Date, lastRefreshAt: Date? = nil,
    nextAttemptAt: Date? = nil, leaseUntil: Date? = nil, connectedAt: Date,
    profileSyncedAt: Date? = nil, failureCount: Int = 0, app: AppGrant = .unrecorded,
    unionID: String? = nil, held: OverLimitHold? = nil
  ) {
    self.openID = openID
    self.profile = profile
    self.displayName = displayName
    self.username = username
    self.avatarURL = avatarURL
    self.bio = bio
    self.profileDeepLink = profileDeepLink
    self.isVerified = isVerified
    self.stats = stats
    self.grantedScopes = grantedScopes
    self.declinedScopes = declinedScopes
    self.status = status
    self.statusReason = statusReason
    self.lastError = lastError
    self.lastLogID = lastLogID
    self.accessExpiresAt = accessExpiresAt
    self.accessLifetime = accessLifetime
    self.refreshExpiresAt = refreshExpiresAt
    self.lastRefreshAt = lastRefreshAt
    self.nextAttemptAt = nextAttemptAt
    self.leaseUntil = leaseUntil
    self.connectedAt = connectedAt
    self.profileSyncedAt = profileSyncedAt
    self.failureCount = failureCount
    self.app = app
    self.unionID = unionID
    self.held = held
  }

  /// `@username` when known, otherwise the open_id, for messages and lists.
  public var handle: String { username.isEmpty ? openID : "@\(username)" }

  /// The name people recognise: display name, else @username, else open_id.
  public var label: String { displayName.isEmpty ? handle : displayName }
}
