import Foundation

/// What the account workflows need from storage; Storage's `Store` implements it with SQLite,
/// each call one transaction.
public protocol AccountStore: RefreshStore {
  /// The profile's settings, creating it on first use.
  func profile(_ name: String) throws(DomainError) -> ProfileRecord
  /// The profile's accounts in connection order.
  func accounts(profile: String) throws(DomainError) -> [Account]
  /// Every profile's accounts, by profile and connection order.
  func allAccounts() throws(DomainError) -> [Account]
  func account(_ openID: String) throws(DomainError) -> Account?
  /// The account's decrypted tokens.
  func tokens(_ openID: String) throws(DomainError) -> StoredTokens
  /// The one transaction that ends every connect: add, reconnect, or refuse.
  func saveConnection(_ new: NewConnection, profile: String, now: Date) throws(DomainError)
    -> ConnectResult
  /// Deletes the account; queues its revoke (sealed) when `revocation` is given.
  func removeAccount(_ openID: String, queueRevocation revocation: QueuedRevocation?, now: Date)
    throws(DomainError)
  func dueRevocations(now: Date) throws(DomainError) -> [PendingRevocation]
  func finishRevocation(_ id: Int64) throws(DomainError)
  func postponeRevocation(_ id: Int64, until next: Date, error: String) throws(DomainError)
  func updateProfile(_ openID: String, _ profile: UserProfile, now: Date) throws(DomainError)
  func storeVideos(_ page: VideoPage, openID: String, firstPage: Bool) throws(DomainError)
  /// Records a failure that is not the refresh's (a sync, a video page) for the details pane.
  func recordError(_ openID: String, message: String, logID: String?, now: Date)
    throws(DomainError)
}

/// An account's decrypted tokens and the generation they were read at.
public struct StoredTokens: Equatable, Sendable {
  public var accessToken: Secret
  public var refreshToken: Secret
  public var generation: Int64

  public init(accessToken: Secret, refreshToken: Secret, generation: Int64) {
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.generation = generation
  }
}

/// A revoke to try again later: the tokens (the refresh token gets a new access token once the
/// queued one has expired) and when to try first.
public struct QueuedRevocation: Equatable, Sendable {
  public var accessToken: Secret
  public var refreshToken: Secret?
  public var firstAttempt: Date
  /// The app the grant came through: only it can revoke it.
  public var app: AppGrant

  public init(accessToken: Secret, refreshToken: Secret?, firstAttempt: Date, app: AppGrant) {
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.firstAttempt = firstAttempt
    self.app = app
  }
}

/// A revoke that failed on the network, waiting to be retried.
public struct PendingRevocation: Equatable, Sendable {
  public var id: Int64
  public var openID: String
  public var accessToken: Secret
  /// To get a new access token when the queued one has expired.
  public var refreshToken: Secret?
  public var attempts: Int
  /// The app the grant came through.
  public var app: AppGrant

  public init(
    id: Int64, openID: String, accessToken: Secret, refreshToken: Secret?, attempts: Int,
    app: AppGrant
  ) {
    self.id = id
    self.openID = openID
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.attempts = attempts
    self.app = app
  }
}
