import Domain
import Foundation

extension Store {
  /// The profile's settings; a profile nothing was stored for yet is on the free tier with no
  /// current account (reading never writes: a mistyped --profile leaves nothing behind).
  public func profile(_ name: String) throws(DomainError) -> ProfileRecord {
    try read { connection in try Self.profileRecord(name, connection) }
  }

  /// Makes `openID` the profile's current account (used by `token` without ACCOUNT).
  public func select(_ openID: String, profile: String) throws(DomainError) {
    try write { connection in
      let changed = try connection.run(
        "UPDATE profiles SET selected_open_id = ? WHERE name = ? AND EXISTS "
          + "(SELECT 1 FROM accounts WHERE open_id = ? AND profile = ?)",
        [.text(openID), .text(profile), .text(openID), .text(profile)])
      guard changed == 1 else { throw DomainError.noSuchAccount(openID) }
    }
  }

  /// Sets the tier. Going down marks surplus accounts `over-limit` (never deletes them), keeping
  /// the selected account and then the earliest connected ones active; going up re-activates
  /// over-limit accounts in connection order while slots allow. Returns the accounts whose
  /// status changed.
  @discardableResult
  public func setTier(_ tier: Tier, profile: String, now: Date) throws(DomainError)
    -> [String]
  {
    try write { connection in
      _ = try Self.ensureProfile(profile, connection, now: now)
      try connection.run(
        "UPDATE profiles SET tier = ? WHERE name = ?", [.text(tier.rawValue), .text(profile)])
      return try Self.rebalance(profile, connection, now: now)
    }
  }

  /// Fits the active accounts to the tier (Domain's `Slots.rebalanced`). Returns the accounts
  /// changed.
  static func rebalance(_ profile: String, _ connection: Connection, now: Date) throws -> [String] {
    let record = try profileRecord(profile, connection)
    let holders = try connection.query(
      "SELECT open_id, status FROM accounts WHERE profile = ? ORDER BY position", [.text(profile)]
    ) {
      Slots.Holder(openID: $0.text(0), isOverLimit: $0.text(1) == StoredStatus.overLimit.rawValue)
    }
    let keep = Slots(record.tier).rebalanced(holders, selected: record.selectedOpenID)
    return try applyActiveSet(Set(keep), profile: profile, connection, now: now)
  }

  /// The over-limit chooser: exactly these accounts stay active (at most the tier's limit).
  @discardableResult
  public func keepActive(_ openIDs: [String], profile: String, now: Date)
    throws(DomainError) -> [String]
  {
    try write { connection in
      let record = try Self.profileRecord(profile, connection)
      guard Slots(record.tier).allowsActive(openIDs.count) else {
        throw DomainError.slotsFull(tier: record.tier)
      }
      return try Self.applyActiveSet(Set(openIDs), profile: profile, connection, now: now)
    }
  }

  /// The stored settings of the profile, or a new profile's (free, no current account).
  static func profileRecord(_ name: String, _ connection: Connection) throws -> ProfileRecord {
    guard ProfileRecord.isValidName(name) else {
      throw DomainError.failed(
        "profile names are 1-64 letters, digits, '.', '_' or '-' (got \"\(UntrustedText.sanitize(name))\")"
      )
    }
    let stored = try connection.query(
      "SELECT \(profileColumns) FROM profiles WHERE name = ?", [.text(name)], row: profileRecord)
    return stored.first ?? ProfileRecord(name: name, tier: .free, selectedOpenID: nil)
  }

  /// The profile's settings, storing it first (at `now`) when nothing was stored for it yet.
  static func ensureProfile(_ name: String, _ connection: Connection, now: Date) throws
    -> ProfileRecord
  {
    let record = try profileRecord(name, connection)
    try connection.run(
      "INSERT OR IGNORE INTO profiles (name, tier, created_at) VALUES (?, ?, ?)",
      [.text(name), .text(record.tier.rawValue), .date(now)])
    return record
  }

  static let profileColumns = "name, tier, selected_open_id, app"

  /// A row of `profileColumns`.
  static func profileRecord(_ row: Statement) -> ProfileRecord {
    ProfileRecord(
      name: row.text(0), tier: Tier(rawValue: row.text(1)) ?? .free,
      selectedOpenID: row.optionalText(2), app: row.optionalText(3))
  }

  /// Lifts the over-limit mark from `keep` and lays it over every other account (Domain's
  /// `OverLimitHold`: the status under the mark is remembered and comes back with it); the
  /// current account moves to the first kept one if it is no longer active (scripts get a
  /// token).
  private static func applyActiveSet(
    _ keep: Set<String>, profile: String, _ connection: Connection, now: Date
  ) throws -> [String] {
    let rows = try connection.query(
      "SELECT open_id, status, status_reason, held_status, held_reason FROM accounts "
        + "WHERE profile = ? ORDER BY position", [.text(profile)]
    ) { row in
      (
        openID: row.text(0), status: StoredStatus(rawValue: row.text(1)) ?? .error,
        reason: row.optionalText(2), held: held(row, status: 3)
      )
    }
    var changed: [String] = []
    for row in rows {
      if keep.contains(row.openID) && row.status == .overLimit {
        let back = OverLimitHold.leaving(row.held)
        try connection.run(
          "UPDATE accounts SET status = ?, status_reason = ?, held_status = NULL, "
            + "held_reason = NULL, updated_at = ? WHERE open_id = ?",
          [.text(back.status.rawValue), .optional(back.reason), .date(now), .text(row.openID)])
        changed.append(row.openID)
      } else if !keep.contains(row.openID),
        let held = OverLimitHold.entering(status: row.status, reason: row.reason)
      {
        try connection.run(
          "UPDATE accounts SET status = ?, status_reason = ?, held_status = ?, held_reason = ?, "
            + "updated_at = ? WHERE open_id = ?",
          [
            .text(StoredStatus.overLimit.rawValue), .text(OverLimitHold.overLimitReason),
            .text(held.status.rawValue), .optional(held.reason), .date(now), .text(row.openID),
          ])
        changed.append(row.openID)
      }
    }
    let selected = try profileRecord(profile, connection).selectedOpenID
    if let selected, !keep.contains(selected),
      let first = rows.map(\.openID).first(where: keep.contains)
    {
      try connection.run(
        "UPDATE profiles SET selected_open_id = ? WHERE name = ?", [.text(first), .text(profile)])
    }
    return changed
  }
}
