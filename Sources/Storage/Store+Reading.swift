import Domain
import Foundation

extension Store {
  /// Opens the database to read only, taking no lock and writing nothing, when that suffices:
  /// the file exists at the current schema and a key is at hand. Nil otherwise (first run, a
  /// migration due, loose file modes, a key to create or recover): `open` deals with those and
  /// says what is wrong.
  ///
  /// It reads the database and the key, nothing else: no directory or permission repair, no
  /// rekey lock, no `key.new`, no key id. A key that is not the database's (a rekey committing
  /// meanwhile, a wrong TIKTOK_ENCRYPTION_KEY) opens no blob, since each blob's tag proves its
  /// key, and the reader then falls back to `open`, which names the key.
  public static func openForReading(home: String, environmentKey: Secret?) -> Store? {
    let path = "\(home)/\(databaseName)"
    // Private files other users can get at are refused by `open`, with the reason.
    guard (try? PrivateFiles.checkPrivate(home: home, keyFile: environmentKey == nil)) != nil,
      let connection = try? Connection(readingOnly: path),
      (try? connection.userVersion) == Migrations.steps.count
    else { return nil }
    let keyStore = KeyStore(home: home, environmentKey: environmentKey)
    guard let key = keyStore.loadExisting() else { return nil }
    return Store(
      home: home, databasePath: path, keyStore: keyStore, sealer: TokenSealer(key: key),
      connection: connection)
  }

  /// The stored access token of `openID`, with its account, when the refresh plan would hand
  /// it out as it is (one read, no lease): the fast path of `tractok token`. Nil when a refresh
  /// or the engine's judgement is needed, or the blob does not open under this store's key.
  public func freshAccessToken(
    _ openID: String, policy: RefreshPolicy, minimumValidity: TimeInterval, now: Date
  ) -> RefreshEngine.ValidToken? {
    let columns = Int32(Self.accountColumnCount)
    let row = try? read { connection in
      try connection.query(
        "SELECT \(Self.accountColumns), access_token, refresh_token IS NOT NULL FROM accounts "
          + "WHERE open_id = ?", [.text(openID)]
      ) { row in (Self.account(row), row.blob(columns), row.int(columns + 1) == 1) }.first
    }
    guard let (account, blob, hasRefresh) = row ?? nil, let blob,
      RefreshPlan.precheck(
        account, hasTokens: hasRefresh, now: now, policy: policy,
        minimumValidity: minimumValidity, force: false) == .fresh,
      let token = try? sealer.open(blob, openID: openID, field: .accessToken)
    else { return nil }
    return RefreshEngine.ValidToken(token: token, account: account)
  }
}
