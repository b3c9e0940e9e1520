import Foundation

/// A refresh request that may have reached TikTok and whose answer is not stored yet.
///
/// The account row records it before the request leaves and drops it once the answer or the
/// failure is stored. While its sender lives, nobody else sends that refresh token: TikTok may
/// already have rotated it, and presenting a rotated token revokes the whole grant.
public struct RefreshInFlight: Equatable, Sendable {
  public var sender: ProcessIdentity
  /// The lease owner (one refresh run inside the sender) that recorded it.
  public var owner: String
  /// Lowercase hex SHA-256 of the refresh token sent.
  public var tokenHash: String
  /// When the sender's command gives up waiting (its deadline).
  public var deadline: Date

  public init(sender: ProcessIdentity, owner: String, tokenHash: String, deadline: Date) {
    self.sender = sender
    self.owner = owner
    self.tokenHash = tokenHash
    self.deadline = deadline
  }
}

/// Who holds an account's refresh lease, as stored.
public struct RefreshLease: Equatable, Sendable {
  public var owner: String?
  public var until: Date?

  public init(owner: String?, until: Date?) {
    self.owner = owner
    self.until = until
  }

  /// Whether someone other than `caller` holds it at `now`.
  func heldByOther(than caller: String, at now: Date) -> Bool {
    guard let until, until > now else { return false }
    return owner != caller
  }
}

/// The rules that decide whether a process may send an account's stored refresh token. Storage
/// reads the values inside its `BEGIN IMMEDIATE` transaction and acts on the answer.
public enum RefreshGate {
  /// What a process that needs a refresh may do now.
  public enum Decision: Equatable, Sendable {
    /// Take the lease and send. `interrupted`: the stored token was sent by a process that
    /// ended before storing TikTok's answer, so TikTok may refuse it.
    case proceed(interrupted: Bool)
    /// Another refresh run holds the lease until then.
    case busy(until: Date)
    /// A process that may have sent the stored token still exists: wait for it.
    case inFlight(RefreshInFlight, ProcessState)
  }

  /// Decides for `caller`. `inFlight` is the recorded attempt, `sender` what became of its
  /// process, `storedTokenHash` the hash of the refresh token stored now. With `usesLease` off
  /// (the S2 control run) neither the lease nor the record is consulted.
  public static func decide(
    caller: String, lease: RefreshLease, inFlight: RefreshInFlight?, sender: ProcessState?,
    storedTokenHash: String?, now: Date, usesLease: Bool
  ) -> Decision {
    guard usesLease else { return .proceed(interrupted: false) }
    // A record about another token (a reconnect stored a new grant) or by this run is moot.
    if let inFlight, inFlight.owner != caller, inFlight.tokenHash == storedTokenHash {
      switch sender ?? .gone {
      case .running, .stopped: return .inFlight(inFlight, sender ?? .gone)
      case .gone:
        // Its sender held the lease too: a lease of a process that has ended protects nothing.
        if lease.owner == inFlight.owner { return .proceed(interrupted: true) }
        if lease.heldByOther(than: caller, at: now), let until = lease.until {
          return .busy(until: until)
        }
        return .proceed(interrupted: true)
      }
    }
    if lease.heldByOther(than: caller, at: now), let until = lease.until {
      return .busy(until: until)
    }
    return .proceed(interrupted: false)
  }

  /// Whether `caller` may present its token, right before each request leaves: only while its
  /// own attempt is the one recorded. The record, written with the lease, is not taken over
  /// while its sender lives; it is gone only when the tokens were replaced (a reconnect) or
  /// the caller gave it up, and then nothing more is sent.
  public static func maySend(caller: String, inFlight: RefreshInFlight?, usesLease: Bool) -> Bool
  {
    guard usesLease else { return true }
    return inFlight?.owner == caller
  }

  /// Whether TikTok's new pair for a refresh that sent a token may be stored: only while the
  /// stored refresh token is still the one sent (compare-and-swap on the token, not on the
  /// lease, so a late answer is kept), and never over an account disconnected, revoked or
  /// put over the limit meanwhile. An `expired` mark is lifted: TikTok's answer proves the
  /// grant alive.
  public static func mayCommit(storedTokenMatches: Bool, status: StoredStatus) -> Bool {
    guard storedTokenMatches else { return false }
    switch status {
    case .active, .error, .expired: return true
    case .revoked, .overLimit: return false
    }
  }

  /// What a refresh failure that no retry can mend makes of the account, nil when it may
  /// pass: `invalid_grant` (or `access_token_invalid`) is `expired`, or `revoked` when TikTok
  /// says access was withdrawn. After an interrupted refresh it is always `expired`, with a
  /// reason that says so: TikTok revoking a grant for a token it had already rotated is the
  /// one loss no client can avoid, not the user withdrawing access.
  public static func deadGrant(_ error: DomainError, interrupted: Bool)
    -> (status: StoredStatus, reason: String)?
  {
    guard case .tikTok(let tikTok) = error,
      tikTok.code == "invalid_grant" || tikTok.code == "access_token_invalid"
    else { return nil }
    guard !interrupted else {
      return (
        .expired,
        "a refresh was interrupted before its answer was stored, and TikTok then refused the "
          + "refresh token (\(error.message))"
      )
    }
    return (tikTok.message.lowercased().contains("revoke") ? .revoked : .expired, error.message)
  }
}
