import Domain
import Foundation

/// The account workflows' store (Domain's port), implemented by the methods of these files.
extension Store: AccountStore {}

extension Store {
  /// The columns of an account without its token blobs: listing never decrypts anything.
  static let accountColumns = """
    open_id, profile, display_name, username, avatar_url, bio, profile_deep_link, is_verified,
    follower_count, following_count, likes_count, video_count, granted_scopes, declined_scopes,
    status, status_reason, last_error, last_log_id, access_expires_at, access_lifetime,
    refresh_expires_at, last_refresh_at, next_attempt_at, lease_until, connected_at,
    profile_synced_at, failure_count, app, client_key, union_id, held_status, held_reason
    """
  /// How many columns `accountColumns` names: a query may select more after them.
  static let accountColumnCount = accountColumns.split(separator: ",").count

  /// The profile's accounts in connection order, without tokens.
  public func accounts(profile: String) throws(DomainError) -> [Account] {
    try read { connection in
      // Counted first: growing an array of 10,000 accounts copied it several times over, and
      // the copies raised the UI's peak memory by megabytes (B7).
      let count = try Self.accountCount(profile: profile, connection)
      return try connection.query(
        "SELECT \(Self.accountColumns) FROM accounts WHERE profile = ? ORDER BY position",
        [.text(profile)], expected: count, row: Self.accountDecoder())
    }
  }

  private static func accountCount(profile: String, _ connection: Connection) throws -> Int {
    try connection.query("SELECT count(*) FROM accounts WHERE profile = ?", [.text(profile)]) {
      $0.int(0)
    }.first ?? 0
  }

  /// The first `limit` accounts of `profile` in display order, and how many it holds (read
  /// one after the other: the UI's whole list follows at once and settles any difference); nil
  /// when it holds no more than `limit`, without reading them.
  public func accounts(profile: String, first limit: Int) throws(DomainError)
    -> (accounts: [Account], total: Int)?
  {
    try read { connection in
      let total = try Self.accountCount(profile: profile, connection)
      guard total > limit else { return nil }
      let accounts = try connection.query(
        "SELECT \(Self.accountColumns) FROM accounts WHERE profile = ? ORDER BY position LIMIT ?",
        [.text(profile), .integer(Int64(limit))], row: Self.accountDecoder())
      return (accounts, total)
    }
  }

  /// Every account of every profile, without tokens.
  public func allAccounts() throws(DomainError) -> [Account] {
    try read { connection in
      try connection.query(
        "SELECT \(Self.accountColumns) FROM accounts ORDER BY profile, position",
        row: Self.accountDecoder())
    }
  }

  /// One account by open_id, or nil.
  public func account(_ openID: String) throws(DomainError) -> Account? {
    try read { connection in try Self.account(openID, connection) }
  }

  /// The decrypted token pair of an account and the generation it was read at (for the
  /// compare-and-swap write of a refresh).
  public func tokens(_ openID: String) throws(DomainError) -> StoredTokens {
    try openingCurrent { () throws(DomainError) in try openTokens(openID) }
  }

  private func openTokens(_ openID: String) throws(DomainError) -> StoredTokens {
    let row = try read { connection in
      try connection.query(
        "SELECT access_token, refresh_token, token_generation FROM accounts WHERE open_id = ?",
        [.text(openID)]
      ) { ($0.blob(0), $0.blob(1), $0.int64(2)) }.first
    }
    guard let row else { throw .noSuchAccount(openID) }
    guard let accessBlob = row.0, let refreshBlob = row.1 else {
      throw .needsReconnect(account: openID, reason: "no tokens are stored")
    }
    let sealer = self.sealer
    return StoredTokens(
      accessToken: try sealer.open(accessBlob, openID: openID, field: .accessToken),
      refreshToken: try sealer.open(refreshBlob, openID: openID, field: .refreshToken),
      generation: row.2)
  }

  /// Updates the profile fields after a sync (user info).
  public func updateProfile(_ openID: String, _ profile: UserProfile, now: Date)
    throws(DomainError)
  {
    try write { connection in
      try connection.run(
        """
        UPDATE accounts SET display_name = ?, username = ?, avatar_url = ?, bio = ?,
          profile_deep_link = ?, is_verified = ?, follower_count = ?, following_count = ?,
          likes_count = ?, video_count = ?, union_id = coalesce(?, union_id),
          profile_synced_at = ?, updated_at = ?
        WHERE open_id = ?
        """,
        Self.profileBindings(profile)
          + [.optional(profile.unionID), .date(now), .date(now), .text(openID)])
    }
  }

  /// Records an error from a call that was not a refresh (user info, videos, revoke).
  public func recordError(_ openID: String, message: String, logID: String?, now: Date)
    throws(DomainError)
  {
    try write { connection in
      try connection.run(
        "UPDATE accounts SET last_error = ?, last_log_id = ?, updated_at = ? WHERE open_id = ?",
        [.text(UntrustedText.sanitize(message)), .optional(logID), .date(now), .text(openID)])
    }
  }

  static func account(_ openID: String, _ connection: Connection) throws -> Account? {
    try connection.query(
      "SELECT \(accountColumns) FROM accounts WHERE open_id = ?", [.text(openID)], row: account
    ).first
  }

  /// The profile fields of `accounts`, display_name to video_count.
  static func profileBindings(_ profile: UserProfile) -> [SQLValue] {
    [
      .text(UntrustedText.sanitize(profile.displayName)),
      .text(UntrustedText.sanitize(profile.username)),
      .optional(profile.avatarURL), .text(UntrustedText.sanitize(profile.bio)),
      .optional(profile.profileDeepLink), .integer(profile.isVerified ? 1 : 0),
      .optional(profile.stats?.followers), .optional(profile.stats?.following),
      .optional(profile.stats?.likes), .optional(profile.stats?.videos),
    ]
  }

  /// Decodes rows of one listing, parsing each distinct scope list once: a profile's rows
  /// nearly all share one or two lists, and parsing 20,000 of them slowed the UI's start.
  static func accountDecoder() -> (Statement) -> Account {
    var parsed: [String: [String]] = [:]
    return { row in
      account(row) { text in
        if let known = parsed[text] { return known }
        let scopes = Scope.parse(text)
        parsed[text] = scopes
        return scopes
      }
    }
  }

  static func account(_ row: Statement) -> Account { account(row, scopes: Scope.parse) }

  /// The over-limit hold in columns `held_status` (at `status`) and `held_reason` (after it).
  static func held(_ row: Statement, status column: Int32) -> OverLimitHold? {
    row.optionalText(column).flatMap(StoredStatus.init(rawValue:)).map {
      OverLimitHold(status: $0, reason: row.optionalText(column + 1))
    }
  }

  private static func account(_ row: Statement, scopes: (String) -> [String]) -> Account {
    var stats: AccountStats?
    if let followers = row.optionalInt64(8) {
      stats = AccountStats(
        followers: followers, following: row.optionalInt64(9) ?? 0,
        likes: row.optionalInt64(10) ?? 0,
        videos: row.optionalInt64(11) ?? 0)
    }
    return Account(
      openID: row.text(0), profile: row.text(1), displayName: row.text(2), username: row.text(3),
      avatarURL: row.optionalText(4), bio: row.text(5), profileDeepLink: row.optionalText(6),
      isVerified: row.int(7) != 0, stats: stats, grantedScopes: scopes(row.text(12)),
      declinedScopes: scopes(row.text(13)),
      status: StoredStatus(rawValue: row.text(14)) ?? .error, statusReason: row.optionalText(15),
      lastError: row.optionalText(16), lastLogID: row.optionalText(17),
      accessExpiresAt: row.date(18), accessLifetime: row.double(19), refreshExpiresAt: row.date(20),
      lastRefreshAt: row.optionalDate(21), nextAttemptAt: row.optionalDate(22),
      leaseUntil: row.optionalDate(23), connectedAt: row.date(24),
      profileSyncedAt: row.optionalDate(25),
      failureCount: row.int(26),
      app: AppGrant(name: row.optionalText(27), clientKey: row.optionalText(28)),
      unionID: row.optionalText(29),
      held: held(row, status: 30))
  }
}
