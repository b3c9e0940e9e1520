/// The schema, as an ordered list of steps; step N brings `user_version` from N to N+1.
/// Steps are only ever appended: a released step never changes.
enum Migrations {
  static let steps: [String] = [
    """
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE profiles (
      name TEXT PRIMARY KEY,
      tier TEXT NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'agency')),
      selected_open_id TEXT,
      created_at REAL NOT NULL
    ) STRICT;

    CREATE TABLE accounts (
      open_id TEXT PRIMARY KEY,
      profile TEXT NOT NULL REFERENCES profiles (name) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      display_name TEXT NOT NULL,
      username TEXT NOT NULL,
      avatar_url TEXT,
      bio TEXT NOT NULL,
      profile_deep_link TEXT,
      is_verified INTEGER NOT NULL,
      follower_count INTEGER,
      following_count INTEGER,
      likes_count INTEGER,
      video_count INTEGER,
      granted_scopes TEXT NOT NULL,
      declined_scopes TEXT NOT NULL,
      status TEXT NOT NULL
        CHECK (status IN ('active', 'error', 'expired', 'revoked', 'over-limit')),
      status_reason TEXT,
      last_error TEXT,
      last_log_id TEXT,
      access_token BLOB,
      refresh_token BLOB,
      access_expires_at REAL NOT NULL,
      access_lifetime REAL NOT NULL,
      refresh_expires_at REAL NOT NULL,
      token_generation INTEGER NOT NULL DEFAULT 0,
      last_refresh_at REAL,
      next_attempt_at REAL,
      failure_count INTEGER NOT NULL DEFAULT 0,
      lease_owner TEXT,
      lease_until REAL,
      reconnect_notified INTEGER NOT NULL DEFAULT 0,
      connected_at REAL NOT NULL,
      updated_at REAL NOT NULL,
      profile_synced_at REAL,
      videos_cursor INTEGER,
      videos_has_more INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE INDEX accounts_by_profile ON accounts (profile, position);

    CREATE TABLE videos (
      open_id TEXT NOT NULL REFERENCES accounts (open_id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      position INTEGER NOT NULL,
      title TEXT NOT NULL,
      create_time INTEGER NOT NULL,
      view_count INTEGER,
      like_count INTEGER,
      comment_count INTEGER,
      share_count INTEGER,
      PRIMARY KEY (open_id, id)
    ) STRICT;

    CREATE TABLE pending_revocations (
      id INTEGER PRIMARY KEY,
      open_id TEXT NOT NULL,
      token BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at REAL NOT NULL,
      last_error TEXT,
      created_at REAL NOT NULL
    ) STRICT;

    CREATE TABLE endpoint_holds (
      endpoint TEXT PRIMARY KEY,
      until REAL NOT NULL,
      reason TEXT NOT NULL
    ) STRICT;
    """,
    // A queued revoke keeps the refresh token too: once the access token has expired, the
    // retry refreshes first and revokes with the new one.
    "ALTER TABLE pending_revocations ADD COLUMN refresh_token BLOB;",
    // What was last announced to TRACTOK_NOTIFY_CMD about each account, so each event fires
    // once per transition whichever process notices it; accounts already announced as needing
    // a reconnect start as `dead`.
    """
    ALTER TABLE accounts ADD COLUMN announced_health TEXT
      CHECK (announced_health IN ('healthy', 'troubled', 'dead'));
    ALTER TABLE accounts ADD COLUMN announced_stage INTEGER;
    ALTER TABLE accounts ADD COLUMN announced_scopes TEXT;
    UPDATE accounts SET announced_health = 'dead' WHERE reconnect_notified = 1;
    """,
    // Over-limit is laid over a status, not in place of it: what the account was before it
    // went over the tier's limit, restored when it comes back (Domain's `OverLimitHold`).
    """
    ALTER TABLE accounts ADD COLUMN held_status TEXT
      CHECK (held_status IN ('active', 'error', 'expired', 'revoked'));
    ALTER TABLE accounts ADD COLUMN held_reason TEXT;
    """,
    // The refresh attempt in flight: who sent which refresh token (by hash) until when, so no
    // other process sends it again while its sender lives.
    """
    ALTER TABLE accounts ADD COLUMN inflight_pid INTEGER;
    ALTER TABLE accounts ADD COLUMN inflight_start_time INTEGER;
    ALTER TABLE accounts ADD COLUMN inflight_owner TEXT;
    ALTER TABLE accounts ADD COLUMN inflight_token_hash TEXT;
    ALTER TABLE accounts ADD COLUMN inflight_deadline REAL;
    """,
    // Several TikTok apps: the stored ones (secret sealed, bound to the app's name), the app a
    // profile is bound to, the app each account (and each queued revoke) was granted through,
    // its union_id, and TikTok's waits per app. Holds last seconds to minutes: the old table's
    // rows, which name no app, are dropped.
    """
    CREATE TABLE apps (
      name TEXT PRIMARY KEY,
      client_key TEXT NOT NULL,
      client_secret BLOB NOT NULL,
      redirect_uri TEXT,
      scopes TEXT,
      auth_base_url TEXT,
      api_base_url TEXT,
      created_at REAL NOT NULL
    ) STRICT;
    ALTER TABLE profiles ADD COLUMN app TEXT;
    ALTER TABLE accounts ADD COLUMN app TEXT;
    ALTER TABLE accounts ADD COLUMN client_key TEXT;
    ALTER TABLE accounts ADD COLUMN union_id TEXT;
    ALTER TABLE pending_revocations ADD COLUMN app TEXT;
    ALTER TABLE pending_revocations ADD COLUMN client_key TEXT;
    DROP TABLE endpoint_holds;
    CREATE TABLE endpoint_holds (
      client_key TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      until REAL NOT NULL,
      reason TEXT NOT NULL,
      PRIMARY KEY (client_key, endpoint)
    ) STRICT;
    """,
  ]

  /// Applies every step above the database's `user_version` in one transaction.
  static func apply(to connection: Connection) throws {
    // Up to date is the common case: seen without taking the write lock on every start.
    if try connection.userVersion == steps.count { return }
    try connection.transaction {
      let current = try connection.userVersion
      guard current <= steps.count else {
        throw SQLiteError(
          code: 0,
          message: "the database was written by a newer tractok (schema \(current), "
            + "this one knows \(steps.count)); upgrade tractok",
          sql: nil)
      }
      for (index, step) in steps.enumerated() where index >= current {
        try connection.execute(step)
        try connection.execute("PRAGMA user_version = \(index + 1)")
      }
    }
  }
}
