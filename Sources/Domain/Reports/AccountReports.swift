import Foundation

/// Everything the UI shows about a profile, read from the database in one go.
public struct AccountsSnapshot: Equatable, Sendable {
  public var profile: String
  public var tier: Tier
  /// Accounts in display order (the UI does not re-sort them).
  public var accounts: [Account]
  /// The stored current account of the profile, if any.
  public var selectedOpenID: String?
  public var isSandbox: Bool

  public init(
    profile: String, tier: Tier, accounts: [Account], selectedOpenID: String?, isSandbox: Bool
  ) {
    self.profile = profile
    self.tier = tier
    self.accounts = accounts
    self.selectedOpenID = selectedOpenID
    self.isSandbox = isSandbox
  }
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

/// How a disconnect went: tokens are always deleted locally; the revoke at TikTok may fail.
public struct DisconnectReport: Equatable, Sendable {
  public var revoked: Bool
  public var revokeError: DomainError?
  /// Whether the revoke will be retried later (it failed on the network).
  public var willRetry: Bool

  public init(revoked: Bool, revokeError: DomainError? = nil, willRetry: Bool = false) {
    self.revoked = revoked
    self.revokeError = revokeError
    self.willRetry = willRetry
  }
}
