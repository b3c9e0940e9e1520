import Domain
import Foundation

/// tractok's database: one SQLite connection in `$TRACTOK_HOME`, the key that seals its
/// tokens, and the repositories (in `Store+*.swift`). Safe to share between threads: every
/// call holds the store's lock; other processes are kept out by SQLite's own locking.
public final class Store: @unchecked Sendable {
  public static let databaseName = "tractok.db"

  public let home: String
  public let databasePath: String
  public let keyStore: KeyStore
  /// Seals and opens token blobs; replaced by `rekey`.
  public private(set) var sealer: TokenSealer
  let connection: Connection
  private let lock = NSRecursiveLock()

  init(
    home: String, databasePath: String, keyStore: KeyStore, sealer: TokenSealer,
    connection: Connection
  ) {
    self.home = home
    self.databasePath = databasePath
    self.keyStore = keyStore
    self.sealer = sealer
    self.connection = connection
  }

  /// Opens (creating on first run) the database and key in `home`. A wrong key, a damaged or
  /// foreign file, a newer schema, or private files other users can read fail here with a
  /// clear message and nothing modified.
  public static func open(home: String, environmentKey: Secret?) throws(DomainError) -> Store {
    try PrivateFiles.checkPrivate(home: home, keyFile: environmentKey == nil)
    try PrivateFiles.ensureDirectory(home)
    let path = "\(home)/\(databaseName)"
    try checkHeader(path)
    try PrivateFiles.ensureFile(path)
    let keyStore = KeyStore(home: home, environmentKey: environmentKey)
    do {
      let connection = try Connection(path: path, create: false)
      // Under the rekey lock: a rekey in progress finishes first, so the recorded id and the
      // key read here belong together.
      let (recorded, key) = try keyStore.withRekeyLock { () throws(DomainError) in
        let recorded = try Self.recordedKeyIDForKeys(connection)
        return (recorded, try keyStore.load(databaseKeyID: recorded))
      }
      if let recorded, recorded != key.idText {
        throw mismatch(recorded: recorded, key: key, keyStore)
      }
      try Migrations.apply(to: connection)
      // Recorded once; every later open only reads it (a write here would take the database's
      // write lock on every start of every process).
      if recorded == nil {
        try connection.run(
          "INSERT OR IGNORE INTO meta (key, value) VALUES ('key_id', ?)", [.text(key.idText)])
        if let stored = try recordedKeyID(connection), stored != key.idText {
          throw mismatch(recorded: stored, key: key, keyStore)
        }
      }
      return Store(
        home: home, databasePath: path, keyStore: keyStore, sealer: TokenSealer(key: key),
        connection: connection)
    } catch let error as DomainError {
      throw error
    } catch let error as SQLiteError {
      throw storageError(error, path: path)
    } catch {
      throw .storage("\(path): \(error)")
    }
  }

  /// Runs `body` under the store's lock, mapping SQLite failures to `DomainError.storage`.
  func read<T>(_ body: (Connection) throws -> T) throws(DomainError) -> T {
    lock.lock()
    defer { lock.unlock() }
    do {
      return try body(connection)
    } catch let error as DomainError {
      throw error
    } catch let error as SQLiteError {
      throw Self.storageError(error, path: databasePath)
    } catch {
      throw .storage("\(error)")
    }
  }

  /// Runs `body` in one `BEGIN IMMEDIATE` transaction; any error rolls everything back.
  @discardableResult
  func write<T>(_ body: (Connection) throws -> T) throws(DomainError) -> T {
    try read { connection in try connection.transaction { try body(connection) } }
  }

  /// `PRAGMA data_version`: changes when another process commits, so the UI can reload.
  public func dataVersion() throws(DomainError) -> Int {
    try read { try $0.dataVersion }
  }

  /// Installs the sealer for a new key after `rekey` committed.
  func replaceSealer(_ sealer: TokenSealer) {
    lock.lock()
    defer { lock.unlock() }
    self.sealer = sealer
  }

  /// The recorded key id, with SQLite failures as `DomainError`.
  static func recordedKeyIDForKeys(_ connection: Connection) throws(DomainError) -> String? {
    do {
      return try recordedKeyID(connection)
    } catch let error as SQLiteError {
      throw storageError(error, path: "the database")
    } catch {
      throw .storage("\(error)")
    }
  }

  static func recordedKeyID(_ connection: Connection) throws -> String? {
    guard try connection.userVersion >= 1 else { return nil }
    return try connection.query("SELECT value FROM meta WHERE key = 'key_id'") { $0.text(0) }.first
  }

  static func mismatch(recorded: String, key: EncryptionKey, _ keyStore: KeyStore)
    -> DomainError
  {
    let source =
      switch keyStore.source {
      case .environment: "TIKTOK_ENCRYPTION_KEY"
      case .file(let path): "the key file \(path)"
      }
    return .key(
      "wrong encryption key: the database is sealed with key \(recorded), but \(source) holds key "
        + "\(key.idText); use the key that was used (nothing was changed)")
  }

  /// Refuses files that are not SQLite databases before SQLite touches them.
  private static func checkHeader(_ path: String) throws(DomainError) {
    guard let handle = FileHandle(forReadingAtPath: path) else { return }
    defer { try? handle.close() }
    let header = (try? handle.read(upToCount: 16)) ?? Data()
    guard !header.isEmpty else { return }
    guard header == Data("SQLite format 3\0".utf8) else {
      throw .storage(
        "\(path) is not a SQLite database (it was left untouched); move it aside or set "
          + "TRACTOK_HOME to another directory")
    }
  }

  private static func storageError(_ error: SQLiteError, path: String) -> DomainError {
    if error.code & 0xFF == 26 || error.code & 0xFF == 11 {
      return .storage(
        "\(path) is damaged or not a tractok database (\(error.message)); it was left untouched")
    }
    return .storage(error.description)
  }
}

extension Store {
  /// `PRAGMA integrity_check`: ["ok"] for a sound database, otherwise SQLite's findings.
  public func integrityCheck() throws(DomainError) -> [String] {
    try read { try $0.query("PRAGMA integrity_check") { $0.text(0) } }
  }
}
