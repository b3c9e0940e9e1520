import Domain
import Foundation

extension Store {
  /// The one transaction that ends every connect: a new open_id takes a free slot (or is
  /// refused with the upgrade message), an open_id already in this profile gets its new tokens
  /// (no new slot), and one held by another profile is refused naming it. Nothing is written
  /// when sealing fails.
  public func saveConnection(_ new: NewConnection, profile: String, now: Date) throws(DomainError)
    -> ConnectResult
  {
    try keyedWrite { connection, sealer in
      try Self.applyConnection(
        new, sealed: Self.seal(new.tokens, openID: new.openID, sealer), profile: profile,
        now: now, enforcesSlots: true, connection)
    }
  }

  /// Seals an access and refresh token for `openID`.
  static func seal(_ tokens: TokenSet, openID: String, _ sealer: TokenSealer) throws(DomainError)
    -> (access: [UInt8], refresh: [UInt8])
  {
    (
      try sealer.seal(tokens.accessToken, openID: openID, field: .accessToken),
      try sealer.seal(tokens.refreshToken, openID: openID, field: .refreshToken)
    )
  }

  /// The body of the connect transaction; only fixtures skip the slot rule.
  static func applyConnection(
    _ new: NewConnection, sealed: (access: [UInt8], refresh: [UInt8]), profile: String, now: Date,
    enforcesSlots: Bool, _ connection: Connection
  ) throws -> ConnectResult {
    let record = try Self.ensureProfile(profile, connection, now: now)
    let existing = try Self.account(new.openID, connection)
    if let existing, existing.profile != profile {
      throw DomainError.connectedInOtherProfile(profile: existing.profile)
    }
    // A revoke queued at an earlier disconnect would withdraw this new grant (TikTok revokes
    // the whole authorization): connecting again supersedes it.
    try connection.run("DELETE FROM pending_revocations WHERE open_id = ?", [.text(new.openID)])
    let tokenBindings: [SQLValue] = [
      .blob(sealed.access), .blob(sealed.refresh), .date(new.tokens.accessExpiresAt),
      .real(new.tokens.accessLifetime), .date(new.tokens.refreshExpiresAt),
    ]
    let scopeBindings: [SQLValue] = [
      .text(Scope.join(new.grantedScopes)), .text(Scope.join(new.declinedScopes)),
    ]
    // A reconnect records the app too: an account stored before apps were recorded learns its.
    let appBindings: [SQLValue] = [
      .optional(new.app.name), .optional(new.app.clientKey), .optional(new.profile.unionID),
    ]
    if let existing {
      // An account over the limit stays so; the fresh grant is what it gets back later.
      let overLimit = existing.status == .overLimit
      let status = overLimit ? StoredStatus.overLimit : .active
      try connection.run(
        """
        UPDATE accounts SET display_name = ?, username = ?, avatar_url = ?, bio = ?,
          profile_deep_link = ?, is_verified = ?, follower_count = ?, following_count = ?,
          likes_count = ?, video_count = ?, granted_scopes = ?, declined_scopes = ?,
          access_token = ?, refresh_token = ?, access_expires_at = ?, access_lifetime = ?,
          refresh_expires_at = ?, token_generation = token_generation + 1, status = ?,
          status_reason = ?, held_status = NULL, held_reason = NULL, last_error = NULL,
          last_log_id = NULL, next_attempt_at = NULL,
          failure_count = 0, lease_owner = NULL, lease_until = NULL,
          inflight_pid = NULL, inflight_start_time = NULL, inflight_owner = NULL,
          inflight_token_hash = NULL, inflight_deadline = NULL,
          last_refresh_at = ?, profile_synced_at = ?, updated_at = ?, app = ?, client_key = ?,
          union_id = coalesce(?, union_id)
        WHERE open_id = ?
        """,
        Self.profileBindings(new.profile) + scopeBindings + tokenBindings
          + [
            .text(status.rawValue), .optional(overLimit ? OverLimitHold.overLimitReason : nil),
            .date(now), .date(now), .date(now),
          ] + appBindings + [.text(new.openID)])
    } else {
      let count =
        try connection.query(
          "SELECT count(*) FROM accounts WHERE profile = ?", [.text(profile)]
        ) { $0.int(0) }.first ?? 0
      guard !enforcesSlots || Slots(record.tier).admitsNew(holding: count) else {
        throw DomainError.slotsFull(tier: record.tier)
      }
      let position =
        try connection.query(
          "SELECT coalesce(max(position), 0) + 1 FROM accounts WHERE profile = ?", [.text(profile)]
        ) { $0.int64(0) }.first ?? 1
      try connection.run(
        """
        INSERT INTO accounts (open_id, profile, position, display_name, username, avatar_url,
          bio, profile_deep_link, is_verified, follower_count, following_count, likes_count,
          video_count, granted_scopes, declined_scopes, access_token, refresh_token,
          access_expires_at, access_lifetime, refresh_expires_at, status, last_refresh_at,
          connected_at, updated_at, profile_synced_at, app, client_key, union_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?,
          ?, ?, ?)
        """,
        [.text(new.openID), .text(profile), .integer(position)] + Self.profileBindings(new.profile)
          + scopeBindings + tokenBindings + [.date(now), .date(now), .date(now), .date(now)]
          + appBindings)
    }
    if record.selectedOpenID == nil {
      try connection.run(
        "UPDATE profiles SET selected_open_id = ? WHERE name = ?",
        [.text(new.openID), .text(profile)])
    }
    guard let stored = try Self.account(new.openID, connection) else {
      throw DomainError.storage("the new account vanished")
    }
    return existing == nil ? .added(stored) : .reconnected(stored)
  }

  /// Deletes an account and its videos; when `revocation` is given (the revoke failed in a way
  /// that may pass) its tokens are queued, sealed, to be retried. The next account becomes
  /// current if this one was.
  public func removeAccount(
    _ openID: String, queueRevocation revocation: QueuedRevocation?, now: Date
  ) throws(DomainError) {
    try keyedWrite { connection, sealer in
      let sealed = try revocation.map { queued throws(DomainError) in
        (
          try sealer.seal(queued.accessToken, openID: openID, field: .pendingRevocation),
          try queued.refreshToken.map { token throws(DomainError) in
            try sealer.seal(token, openID: openID, field: .pendingRefreshToken)
          }
        )
      }
      guard let account = try Self.account(openID, connection) else {
        throw DomainError.noSuchAccount(openID)
      }
      let order = try connection.query(
        "SELECT open_id FROM accounts WHERE profile = ? ORDER BY position", [.text(account.profile)]
      ) { $0.text(0) }
      try connection.run("DELETE FROM accounts WHERE open_id = ?", [.text(openID)])
      if let sealed, let revocation {
        try connection.run(
          """
          INSERT INTO pending_revocations (open_id, token, refresh_token, next_attempt_at,
            created_at, app, client_key) VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
          [
            .text(openID), .blob(sealed.0), sealed.1.map(SQLValue.blob) ?? .null,
            .date(revocation.firstAttempt), .date(now), .optional(revocation.app.name),
            .optional(revocation.app.clientKey),
          ])
      }
      let next = Self.neighbour(of: openID, in: order)
      try connection.run(
        "UPDATE profiles SET selected_open_id = ? WHERE name = ? AND (selected_open_id = ? OR selected_open_id IS NULL)",
        [.optional(next), .text(account.profile), .text(openID)])
      // The freed slot goes to an account that was over the limit.
      _ = try Self.rebalance(account.profile, connection, now: now)
    }
  }

  /// The account after `openID` in `order`, or the one before it when it was last.
  static func neighbour(of openID: String, in order: [String]) -> String? {
    guard let index = order.firstIndex(of: openID) else { return order.first }
    let rest = order.filter { $0 != openID }
    guard !rest.isEmpty else { return nil }
    return index < rest.count ? rest[index] : rest.last
  }
}
