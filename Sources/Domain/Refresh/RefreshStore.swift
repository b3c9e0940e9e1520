import Foundation

/// The tokens a refresh starts from, read under the lease.
public struct LeasedTokens: Equatable, Sendable {
  public var refreshToken: Secret
  /// The token generation read with the lease: a failure is recorded only while it still
  /// matches, so a late failure never overwrites what a newer refresh stored.
  public var generation: Int64
  /// The token was sent before by a process that ended without storing the answer: TikTok may
  /// have rotated it already.
  public var interrupted: Bool

  public init(refreshToken: Secret, generation: Int64, interrupted: Bool = false) {
    self.refreshToken = refreshToken
    self.generation = generation
    self.interrupted = interrupted
  }
}

/// What the store decided when a refresh was asked for, all inside one `BEGIN IMMEDIATE`.
public enum RefreshStart: Equatable, Sendable {
  /// The stored access token is fresh enough (another process may just have refreshed it).
  case fresh(Secret, Account)
  /// This caller holds the lease and must call TikTok with these tokens.
  case leased(LeasedTokens, Account)
  /// Another process holds the lease until the given time.
  case busy(until: Date)
  /// A process that may have sent the stored refresh token still exists (running or stopped):
  /// the token must not be sent again until it has stored the answer or ended.
  case inFlight(RefreshInFlight, ProcessState, Account)
  /// Backing off after failures, or TikTok asked everyone to wait, until the given time;
  /// `current` is the stored access token when it is still valid.
  case waiting(until: Date, Account, current: Secret?)
  /// The refresh token has passed its end: the grant is dead without asking TikTok.
  case grantEnded(Account, generation: Int64)
  /// The account cannot be refreshed (expired, revoked, over-limit, unknown).
  case unusable(DomainError)
}

/// Why a refresh failed, as the store records it.
public enum RefreshFailure: Equatable, Sendable {
  /// Try again at the given time (5xx, 429, network, timeout, malformed answer).
  case transient(DomainError, retryAt: Date)
  /// The grant is dead: mark the account `expired` (invalid_grant, refresh token past its end)
  /// or `revoked` (TikTok says access was withdrawn), with the reason shown to the user.
  case grantDead(DomainError, status: StoredStatus, reason: String)
}

/// The storage operations the refresh engine needs; Storage implements them with SQLite.
public protocol RefreshStore: Sendable {
  /// Atomically decides between fresh / leased / busy / in flight / waiting / unusable for
  /// `openID` (`RefreshGate.decide` on what it reads). `minimumValidity` is how long the access
  /// token must still be valid to count as fresh; `force` leases even when fresh; `processes`
  /// tells whether the sender of a recorded attempt still exists. A lease comes with this
  /// process's attempt recorded in flight (`processes.current`, the token's hash, `deadline`),
  /// in the same transaction: from then on no other process sends the token while this one
  /// lives.
  /// `now` is read once the write lock is held, so waiting for it does not shorten the lease.
  func beginRefresh(
    _ openID: String, owner: String, now: @autoclosure () -> Date, policy: RefreshPolicy,
    minimumValidity: TimeInterval, force: Bool, processes: any ProcessTable, deadline: Date
  ) throws(DomainError) -> RefreshStart

  /// Whether `owner` may still present its leased token, asked right before each request
  /// leaves (`RefreshGate.maySend`): false once its attempt in flight is no longer on the row
  /// (a reconnect replaced the tokens). A read: it costs no write.
  func maySend(_ openID: String, owner: String, policy: RefreshPolicy) throws(DomainError) -> Bool

  /// Writes the rotated pair if the stored refresh token is still the one sent
  /// (`RefreshGate.mayCommit`), even after the lease ran out, and clears the lease and the
  /// attempt in flight. Returns the stored account and its access token (the caller's if
  /// written, else the one stored).
  func completeRefresh(
    _ openID: String, owner: String, sent: LeasedTokens, tokens: RotatedTokens, now: Date
  ) throws(DomainError) -> (Account, Secret)

  /// Records a failure and releases the lease and this owner's attempt in flight, but only
  /// while the tokens are still the `generation` the failed call started from and no other
  /// process holds the lease: a late failure never overwrites what a newer refresh stored.
  /// Returns the account as stored afterwards.
  func failRefresh(
    _ openID: String, owner: String, generation: Int64, failure: RefreshFailure, now: Date
  ) throws(DomainError) -> Account

  /// Extends this owner's lease while its call to TikTok is still running; false when the
  /// lease is no longer this owner's.
  func renewLease(_ openID: String, owner: String, until: Date) throws(DomainError) -> Bool

  /// Gives the lease and this owner's attempt in flight up without recording anything (a
  /// failure not worth recording, or one retried in-process).
  func releaseLease(_ openID: String, owner: String) throws(DomainError)
}

/// A refresh answer reduced to what is stored: the new access token, the new refresh token if
/// TikTok sent one (otherwise the old one stays), and the lifetimes from this response.
public struct RotatedTokens: Equatable, Sendable {
  public var accessToken: Secret
  public var refreshToken: Secret?
  public var accessLifetime: TimeInterval
  public var refreshLifetime: TimeInterval?
  public var grantedScopes: [String]?
  /// The account TikTok says the tokens are for; checked against the refreshed one, never
  /// stored.
  public var openID: String?

  public init(
    accessToken: Secret, refreshToken: Secret?, accessLifetime: TimeInterval,
    refreshLifetime: TimeInterval?, grantedScopes: [String]?, openID: String? = nil
  ) {
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.accessLifetime = accessLifetime
    self.refreshLifetime = refreshLifetime
    self.grantedScopes = grantedScopes
    self.openID = openID
  }

  /// Why the answer cannot be stored for `openID`: it names another account. TikTok returns
  /// the open_id with every grant; one that differs means tokens for someone else.
  public func mismatch(for openID: String) -> DomainError? {
    guard let answered = self.openID, answered != openID else { return nil }
    return .malformedResponse("the refresh answer names another account than the one refreshed")
  }
}
