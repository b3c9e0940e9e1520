import Foundation

/// Where announced states live; Storage implements it with SQLite.
public protocol EventStore: Sendable {
  /// The account and the events that fire now, recording what they announce in the same
  /// transaction; nil when the account is gone.
  func announce(_ openID: String, now: Date, policy: RefreshPolicy) throws(DomainError)
    -> (Account, [AccountEvent])?
}
