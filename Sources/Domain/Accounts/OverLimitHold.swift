import Foundation

/// Over-limit is laid over an account's status, never in place of it: going over the tier's
/// limit remembers the status and reason the account had, and coming back gives a dead grant
/// (`expired`, `revoked`) its status and reason again instead of calling it `active`.
public struct OverLimitHold: Equatable, Sendable {
  /// The stored status under the over-limit mark.
  public var status: StoredStatus
  public var reason: String?

  public init(status: StoredStatus, reason: String?) {
    self.status = status
    self.reason = reason
  }

  /// The reason stored while an account is over the limit.
  public static let overLimitReason = "over the tier limit"

  /// What to remember when an account with `status` and `reason` goes over the limit; nil when
  /// it already is (what it remembered then stays).
  public static func entering(status: StoredStatus, reason: String?) -> OverLimitHold? {
    status == .overLimit ? nil : OverLimitHold(status: status, reason: reason)
  }

  /// The status and reason an account gets back when it leaves the over-limit mark, from what
  /// it remembered (nil: nothing, as in databases from before the hold was kept). `expired` and
  /// `revoked` come back with their reason, since only a reconnect cures them; anything else
  /// comes back `active`: nothing was refreshed while over the limit, so an old transient error
  /// says nothing now, and the refresh engine finds out afresh.
  public static func leaving(_ held: OverLimitHold?) -> OverLimitHold {
    guard let held, held.status == .expired || held.status == .revoked else {
      return OverLimitHold(status: .active, reason: nil)
    }
    return held
  }
}
