import Domain
import Foundation

/// The refresh attempt in flight on an account row: recorded with the lease, right before the
/// request leaves, read by every process that wants to refresh the account, dropped once the
/// answer or the failure is stored.
extension Store {
  public func maySend(_ openID: String, owner: String, policy: RefreshPolicy) throws(DomainError)
    -> Bool
  {
    try read { connection in
      let (inFlight, _) = try Self.refreshState(openID, connection)
      return RefreshGate.maySend(caller: owner, inFlight: inFlight, usesLease: policy.usesLease)
    }
  }

  /// Takes the lease for `owner` and records its attempt in flight, inside the caller's
  /// transaction.
  static func lease(
    _ openID: String, owner: String, until: Date, attempt: RefreshInFlight?,
    _ connection: Connection
  ) throws {
    try connection.run(
      """
      UPDATE accounts SET lease_owner = ?, lease_until = ?, inflight_pid = ?,
        inflight_start_time = ?, inflight_owner = ?, inflight_token_hash = ?, inflight_deadline = ?
      WHERE open_id = ?
      """,
      [
        .text(owner), .date(until), .optional(attempt.map { Int64($0.sender.pid) }),
        .optional(attempt.map { Int64(bitPattern: $0.sender.startTime) }),
        .optional(attempt?.owner), .optional(attempt?.tokenHash), .date(attempt?.deadline),
        .text(openID),
      ])
  }

  /// The lease and the attempt in flight on the account's row.
  static func refreshState(_ openID: String, _ connection: Connection) throws
    -> (RefreshInFlight?, RefreshLease)
  {
    let row = try connection.query(
      """
      SELECT lease_owner, lease_until, inflight_pid, inflight_start_time, inflight_owner,
        inflight_token_hash, inflight_deadline
      FROM accounts WHERE open_id = ?
      """, [.text(openID)]
    ) { row -> (RefreshInFlight?, RefreshLease) in
      let lease = RefreshLease(owner: row.optionalText(0), until: row.optionalDate(1))
      guard let pid = row.optionalInt64(2), let start = row.optionalInt64(3),
        let owner = row.optionalText(4), let hash = row.optionalText(5),
        let deadline = row.optionalDate(6)
      else { return (nil, lease) }
      let sender = ProcessIdentity(pid: Int32(truncatingIfNeeded: pid), startTime: UInt64(bitPattern: start))
      return (RefreshInFlight(sender: sender, owner: owner, tokenHash: hash, deadline: deadline), lease)
    }.first
    return row ?? (nil, RefreshLease(owner: nil, until: nil))
  }

  /// The stored refresh token, nil when the row has none.
  static func storedRefreshToken(
    _ openID: String, _ connection: Connection, _ sealer: TokenSealer
  ) throws -> Secret? {
    let blob = try connection.query(
      "SELECT refresh_token FROM accounts WHERE open_id = ?", [.text(openID)]
    ) { $0.blob(0) }.first
    guard let blob = blob ?? nil else { return nil }
    return try sealer.open(blob, openID: openID, field: .refreshToken)
  }

  /// Drops the lease and the attempt in flight that `owner` holds, leaving others' alone.
  static func releaseLease(_ openID: String, owner: String, _ connection: Connection) throws {
    try connection.run(
      "UPDATE accounts SET lease_owner = NULL, lease_until = NULL WHERE open_id = ? AND lease_owner = ?",
      [.text(openID), .text(owner)])
    try connection.run(
      """
      UPDATE accounts SET inflight_pid = NULL, inflight_start_time = NULL, inflight_owner = NULL,
        inflight_token_hash = NULL, inflight_deadline = NULL
      WHERE open_id = ? AND inflight_owner = ?
      """, [.text(openID), .text(owner)])
  }

  /// What the attempt record keeps of a refresh token: its SHA-256, never the token.
  static func tokenHash(_ token: Secret) -> String {
    OpenSSLDigest().hexSHA256(token.reveal)
  }
}
