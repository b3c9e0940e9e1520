import Domain
import Foundation

extension Store {
  /// Revocations whose next attempt is due at `now`. A blob that no longer opens is dropped.
  public func dueRevocations(now: Date) throws(DomainError) -> [PendingRevocation] {
    try reloadKeyIfRotated()
    let rows = try read { connection in
      try connection.query(
        """
        SELECT id, open_id, token, attempts, refresh_token, app, client_key
        FROM pending_revocations WHERE next_attempt_at <= ? ORDER BY id
        """,
        [.date(now)]
      ) { row in
        (
          row.int64(0), row.text(1), row.blob(2) ?? [], row.int(3), row.blob(4),
          AppGrant(name: row.optionalText(5), clientKey: row.optionalText(6))
        )
      }
    }
    let sealer = self.sealer
    return rows.compactMap { id, openID, blob, attempts, refreshBlob, app in
      guard let token = try? sealer.open(blob, openID: openID, field: .pendingRevocation) else {
        // Dropped only when it fails under the key it names (tampered); a blob of another key
        // waits for the process that has it.
        if TokenSealer.keyID(of: blob) == sealer.key.id { _ = try? finishRevocation(id) }
        return nil
      }
      let refresh = refreshBlob.flatMap {
        try? sealer.open($0, openID: openID, field: .pendingRefreshToken)
      }
      return PendingRevocation(
        id: id, openID: openID, accessToken: token, refreshToken: refresh, attempts: attempts,
        app: app)
    }
  }

  /// How many revocations are still waiting.
  public func pendingRevocationCount() throws(DomainError) -> Int {
    try read { try $0.query("SELECT count(*) FROM pending_revocations") { $0.int(0) }.first ?? 0 }
  }

  /// Drops a revocation that succeeded or can no longer succeed.
  public func finishRevocation(_ id: Int64) throws(DomainError) {
    try write { try $0.run("DELETE FROM pending_revocations WHERE id = ?", [.integer(id)]) }
  }

  /// Schedules the next attempt of a revocation that failed again.
  public func postponeRevocation(_ id: Int64, until next: Date, error: String) throws(DomainError) {
    try write { connection in
      try connection.run(
        "UPDATE pending_revocations SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
        [.date(next), .text(error), .integer(id)])
    }
  }
}
