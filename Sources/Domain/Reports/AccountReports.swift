import Foundation

/// Everything the UI shows about a profile, read from the database in one go.
public struct AccountsSnapshot: Equatable, Sendable {
  public var profile: String
  public var tier: Tier
  /// Accounts in display order (the UI does not re-sort them): all of the profile's, or, in
  /// the UI's first snapshot, the first screenfuls (`total` says how many there are), so the
  /// first frame does not wait for 10,000 rows; the whole list follows at once.
  public var accounts: [Account]
  /// How many accounts the profile holds.
  public var total: Int
  /// The stored current account of the profile, if any.
  public var selectedOpenID: String?
  /// The name of the app the profile connects through.
  public var app: String
  /// Whether that app runs on the built-in sandbox.
  public var isSandbox: Bool

  public init(
    profile: String, tier: Tier, accounts: [Account], total: Int? = nil, selectedOpenID: String?,
    app: String, isSandbox: Bool
  ) {
    self.profile = profile
    self.tier = tier
    self.accounts = accounts
    self.total = max(total ?? 0, accounts.count)
    self.selectedOpenID = selectedOpenID
    self.app = app
    self.isSandbox = isSandbox
  }

  /// Whether `accounts` is the whole list.
  public var isComplete: Bool { accounts.count == total }
}

/// The result of a refresh: the account as stored afterwards and the failure, if any.
public struct RefreshReport: Equatable, Sendable {
  /// The account as stored after the attempt; nil when it could not be read (the UI reloads).
  public var account: Account?
  /// Why the refresh failed; nil when it worked or was not needed.
  public var error: DomainError?

  public init(account: Account?, error: DomainError? = nil) {
    self.account = account
    self.error = error
  }
}

/// A profile and video sync: the account as stored and the first page of videos.
public struct SyncResult: Equatable, Sendable {
  public var account: Account
  /// Nil when the account did not grant `video.list`.
  public var videos: VideoPage?

  public init(account: Account, videos: VideoPage?) {
    self.account = account
    self.videos = videos
  }
}

/// What a sync left behind for the UI: the account as stored afterwards (a failed sync can have
/// marked the grant dead), the first page of videos, and the failure, if any.
public struct SyncReport: Equatable, Sendable {
  /// The account as stored after the attempt; nil when it could not be read (the UI reloads).
  public var account: Account?
  /// Nil when the sync failed or the account did not grant `video.list`.
  public var videos: VideoPage?
  public var error: DomainError?

  public init(account: Account?, videos: VideoPage? = nil, error: DomainError? = nil) {
    self.account = account
    self.videos = videos
    self.error = error
  }
}

/// A page of videos (the cached ones, or one more from TikTok) and the account as stored after
/// fetching it: a call TikTok refused can have marked the grant dead.
public struct VideoPageReport: Equatable, Sendable {
  public var page: Result<VideoPage, DomainError>
  /// Nil when nothing about the account changed or it could not be read.
  public var account: Account?

  public init(_ page: Result<VideoPage, DomainError>, account: Account? = nil) {
    self.page = page
    self.account = account
  }
}

/// How a disconnect went: tokens are always deleted locally; the revoke at TikTok may fail.
public struct DisconnectReport: Equatable, Sendable {
  public var revoked: Bool
  /// TikTok said the grant was gone already (revoked there, or expired): nothing to revoke.
  public var alreadyRevoked: Bool
  public var revokeError: DomainError?
  /// Whether the revoke will be retried later (it failed on the network).
  public var willRetry: Bool

  public init(
    revoked: Bool, alreadyRevoked: Bool = false, revokeError: DomainError? = nil,
    willRetry: Bool = false
  ) {
    self.revoked = revoked
    self.alreadyRevoked = alreadyRevoked
    self.revokeError = revokeError
    self.willRetry = willRetry
  }

  /// One sentence on the revoke at TikTok, as the UI and the CLI say it.
  public var summary: String {
    if revoked { return "Access was revoked at TikTok." }
    if alreadyRevoked { return "It was already revoked at TikTok; removed here." }
    let reason = revokeError.map { ": \($0.message)" } ?? ""
    let retry = willRetry ? " It will be retried later." : ""
    return "Tokens were deleted here, but revoking at TikTok failed\(reason).\(retry)"
  }
}
