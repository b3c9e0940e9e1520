import Domain
import Foundation

extension Store {
  /// The profile's settings, creating it (tier free) on first use.
  public func profile(_ name: String) throws(DomainError) -> ProfileRecord {
    try write { connection in try Self.ensureProfile(name, connection) }
  }

  /// Makes `openID` the profile's current account (used by `token` without ACCOUNT).
  public func select(_ openID: String, profile: String) throws(DomainError) {
    try write { connection in
      _ = try Self.ensureProfile(profile, connection)
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
  public func setTier(_ tier: Tier, profile: String, now: Date = Date()) throws(DomainError)
    -> [String]
  {
    try write { connection in
      _ = try Self.ensureProfile(profile, connection)
      try connection.run(
        "UPDATE profiles SET tier = ? WHERE name = ?", [.text(tier.rawValue), .text(profile)])
      return try Self.rebalance(profile, connection, now: now)
    }
  }

  /// Fits the active accounts to the tier (Domain's `Slots.rebalanced`). Returns the accounts
  /// changed.
  static func rebalance(_ profile: String, _ connection: Connection, now: Date) throws -> [String] {
    let record = try ensureProfile(profile, connection)
    let holders = try connection.query(
      "SELECT open_id, status FROM accounts WHERE profile = ? ORDER BY position", [.text(profile)]
    ) { Slots.Holder(openID: $0.text(0), isOverLimit: $0.text(1) == StoredStatus.overLimit.rawValue) }
    let keep = Slots(record.tier).rebalanced(holders, selected: record.selectedOpenID)
    return try applyActiveSet(Set(keep), profile: profile, connection, now: now)
  }

  /// The over-limit chooser: exactly these accounts stay active (at most the tier's limit).
  @discardableResult
  public func keepActive(_ openIDs: [String], profile: String, now: Date = Date())
    throws(DomainError) -> [String]
  {
    try write { connection in
      let record = try Self.ensureProfile(profile, connection)
      guard Slots(record.tier).allowsActive(openIDs.count) else {
        throw DomainError.slotsFull(tier: record.tier)
      }
      return try Self.applyActiveSet(Set(openIDs), profile: profile, connection, now: now)
    }
  }

  static func ensureProfile(_ name: String, _ connection: Connection) throws -> ProfileRecord {
    guard ProfileRecord.isValidName(name) else {
      throw DomainError.failed(
        "profile names are 1-64 letters, digits, '.', '_' or '-' (got \"\(UntrustedText.sanitize(name))\")"
      )
    }
    try connection.run(
      "INSERT OR IGNORE INTO profiles (name, tier, created_at) VALUES (?, 'free', ?)",
      [.text(name), .real(Date().timeIntervalSince1970)])
    let record = try connection.query(
      "SELECT name, tier, selected_open_id FROM profiles WHERE name = ?", [.text(name)]
    ) {
      ProfileRecord(
        name: $0.text(0), tier: Tier(rawValue: $0.text(1)) ?? .free,
        selectedOpenID: $0.optionalText(2))
    }
    guard let record = record.first else { throw DomainError.storage("profile \(name) vanished") }
    return record
  }

  /// Marks `keep` active (from over-limit) and every other account over-limit; the current
  /// account moves to the first kept one if it is no longer active (scripts get a token).
  private static func applyActiveSet(
    _ keep: Set<String>, profile: String, _ connection: Connection, now: Date
  ) throws -> [String] {
    let rows = try connection.query(
      "SELECT open_id, status FROM accounts WHERE profile = ? ORDER BY position", [.text(profile)]
    ) { ($0.text(0), $0.text(1)) }
    var changed: [String] = []
    for (openID, status) in rows {
      let isOver = status == StoredStatus.overLimit.rawValue
      if keep.contains(openID) && isOver {
        try connection.run(
          "UPDATE accounts SET status = 'active', status_reason = NULL, updated_at = ? WHERE open_id = ?",
          [.real(now.timeIntervalSince1970), .text(openID)])
        changed.append(openID)
      } else if !keep.contains(openID) && !isOver {
        try connection.run(
          "UPDATE accounts SET status = 'over-limit', status_reason = 'over the tier limit', "
            + "updated_at = ? WHERE open_id = ?",
          [.real(now.timeIntervalSince1970), .text(openID)])
        changed.append(openID)
      }
    }
    let selected = try ensureProfile(profile, connection).selectedOpenID
    if let selected, !keep.contains(selected),
      let first = rows.map(\.0).first(where: keep.contains)
    {
      try connection.run(
        "UPDATE profiles SET selected_open_id = ? WHERE name = ?", [.text(first), .text(profile)])
    }
    return changed
  }
}
