import Domain
import Foundation

extension Store: EventStore {
  /// Compares the account with what was last announced about it (Domain's
  /// `AnnouncedState.transition`) and records the new state in the same transaction, so of
  /// several processes noticing one change only the first gets its events.
  public func announce(_ openID: String, now: Date, policy: RefreshPolicy) throws(DomainError)
    -> (Account, [AccountEvent])?
  {
    try write { connection in
      guard let account = try Self.account(openID, connection) else { return nil }
      let recorded = try connection.query(
        "SELECT announced_health, announced_stage, announced_scopes FROM accounts WHERE open_id = ?",
        [.text(openID)]
      ) { row -> AnnouncedState? in
        guard let health = row.optionalText(0).flatMap(AnnouncedState.Health.init(rawValue:))
        else { return nil }
        return AnnouncedState(
          health: health, expiringStage: row.optionalInt64(1).map { Int($0) },
          scopes: row.optionalText(2).map(Scope.parse) ?? account.grantedScopes)
      }.first ?? nil
      let (events, state) = AnnouncedState.transition(
        from: recorded, to: account, at: now, policy: policy)
      if state != recorded {
        try connection.run(
          """
          UPDATE accounts SET announced_health = ?, announced_stage = ?, announced_scopes = ?
          WHERE open_id = ?
          """,
          [
            .text(state.health.rawValue), state.expiringStage.map { .integer(Int64($0)) } ?? .null,
            .text(Scope.join(state.scopes)), .text(openID),
          ])
      }
      return (account, events)
    }
  }
}
