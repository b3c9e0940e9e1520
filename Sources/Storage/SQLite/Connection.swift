import CSQLite
import Foundation

/// One SQLite connection. Not thread-safe by itself: `Database` serialises access to it.
public final class Connection {
  let handle: OpaquePointer

  /// Opens (creating when `create`) the database at `path` and applies the pragmas every
  /// connection needs: WAL, synchronous=FULL, foreign keys, busy timeout, and a page cache of
  /// 256 KiB instead of 2 MiB: the UI keeps its rows as Swift values, so a large cache only held
  /// a second copy of them (1.8 MB of peak memory with 10,000 accounts, benchmark B7).
  public init(path: String, create: Bool, busyTimeoutMilliseconds: Int32 = 10_000) throws {
    handle = try Self.open(
      path, flags: SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
      busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    try execute("PRAGMA foreign_keys = ON")
    try execute("PRAGMA journal_mode = WAL")
    try execute("PRAGMA synchronous = FULL")
    try execute("PRAGMA cache_size = -256")
  }

  /// Opens an existing database for reading only: no pragma writes, no write lock ever taken
  /// (a WAL database is read through its shared-memory index, as other connections write).
  public init(readingOnly path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws {
    handle = try Self.open(
      path, flags: SQLITE_OPEN_READONLY, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
  }

  private static func open(_ path: String, flags: Int32, busyTimeoutMilliseconds: Int32) throws
    -> OpaquePointer
  {
    var pointer: OpaquePointer?
    let code = sqlite3_open_v2(
      path, &pointer, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
    guard let pointer else { throw SQLiteError(code: code, message: "out of memory", sql: nil) }
    guard code == SQLITE_OK else {
      let message = String(cString: sqlite3_errmsg(pointer))
      sqlite3_close_v2(pointer)
      throw SQLiteError(code: code, message: message, sql: nil)
    }
    sqlite3_busy_timeout(pointer, busyTimeoutMilliseconds)
    return pointer
  }

  deinit { sqlite3_close_v2(handle) }

  /// Turns a result code into a thrown `SQLiteError` keeping SQLite's message and the SQL.
  @discardableResult
  func check(_ code: Int32, sql: String? = nil) throws -> Int32 {
    switch code {
    case SQLITE_OK, SQLITE_ROW, SQLITE_DONE: return code
    default:
      throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
  }

  /// Runs one or more statements that take no parameters and return no rows of interest.
  public func execute(_ sql: String) throws {
    try check(sqlite3_exec(handle, sql, nil, nil, nil), sql: sql)
  }

  /// Compiles a statement that finalizes itself when released.
  public func prepare(_ sql: String) throws -> Statement {
    try Statement(connection: self, sql: sql)
  }

  /// Runs `sql` with `bindings` and returns every row mapped through `row`, in an array made
  /// for `expected` rows (so a long list is not copied as it grows).
  public func query<T>(
    _ sql: String, _ bindings: [SQLValue] = [], expected: Int = 0, row: (Statement) throws -> T
  ) throws -> [T] {
    let statement = try prepare(sql)
    try statement.bind(bindings)
    var results: [T] = []
    results.reserveCapacity(expected)
    while try statement.step() { results.append(try row(statement)) }
    return results
  }

  /// Runs a statement with `bindings` and returns how many rows it changed.
  @discardableResult
  public func run(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int {
    let statement = try prepare(sql)
    try statement.bind(bindings)
    while try statement.step() {}
    return Int(sqlite3_changes(handle))
  }

  /// `BEGIN IMMEDIATE ... COMMIT`, rolling back when `body` throws (the first error wins).
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// `PRAGMA user_version`, where the migration level is recorded.
  public var userVersion: Int {
    get throws { try query("PRAGMA user_version") { $0.int(0) }.first ?? 0 }
  }

  /// `PRAGMA data_version`: changes when another connection commits.
  public var dataVersion: Int {
    get throws { try query("PRAGMA data_version") { $0.int(0) }.first ?? 0 }
  }
}
