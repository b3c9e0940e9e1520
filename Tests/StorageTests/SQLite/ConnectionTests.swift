import Foundation
import TestSupport
import Testing

@testable import Storage

@Suite("SQLite connection and migrations")
struct ConnectionTests {
  let directory = TemporaryDirectory()

  func open() throws -> Connection {
    try Connection(path: directory.file("db.sqlite"), create: true)
  }

  @Test("migrations from an empty file create every table and record the version")
  func migrationsFromEmpty() throws {
    let connection = try open()
    #expect(try connection.userVersion == 0)
    try Migrations.apply(to: connection)
    #expect(try connection.userVersion == Migrations.steps.count)
    let tables = try connection.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ) { $0.text(0) }
    #expect(
      tables == [
        "accounts", "apps", "endpoint_holds", "meta", "pending_revocations", "profiles", "videos",
      ])
    try Migrations.apply(to: connection)
    #expect(try connection.userVersion == Migrations.steps.count)
  }

  @Test(
    "every connection runs in WAL mode with synchronous FULL, foreign keys and a small page cache")
  func pragmas() throws {
    let connection = try open()
    #expect(try connection.query("PRAGMA journal_mode") { $0.text(0) } == ["wal"])
    #expect(try connection.query("PRAGMA synchronous") { $0.int(0) } == [2])
    #expect(try connection.query("PRAGMA foreign_keys") { $0.int(0) } == [1])
    #expect(try connection.query("PRAGMA busy_timeout") { $0.int(0) }.first ?? 0 > 0)
    #expect(try connection.query("PRAGMA cache_size") { $0.int(0) } == [-256])
  }

  @Test("a database from a newer tractok is refused without changes")
  func newerSchemaRefused() throws {
    let connection = try open()
    try connection.execute("PRAGMA user_version = 99")
    #expect(throws: SQLiteError.self) { try Migrations.apply(to: connection) }
    #expect(try connection.userVersion == 99)
  }

  @Test("a transaction rolls back everything when its body throws")
  func rollbackOnError() throws {
    let connection = try open()
    try connection.execute("CREATE TABLE t (x INTEGER NOT NULL)")
    #expect(throws: SQLiteError.self) {
      try connection.transaction {
        try connection.run("INSERT INTO t (x) VALUES (1)")
        try connection.run("INSERT INTO t (x) VALUES (NULL)")
      }
    }
    #expect(try connection.query("SELECT count(*) FROM t") { $0.int(0) } == [0])
  }

  @Test("a failed statement keeps SQLite's message and the SQL")
  func errorKeepsMessageAndSQL() throws {
    let connection = try open()
    do {
      try connection.run("SELECT * FROM missing_table")
      Issue.record("expected an error")
    } catch let error as SQLiteError {
      #expect(error.message.contains("no such table"))
      #expect(error.sql == "SELECT * FROM missing_table")
    }
  }

  @Test("binding the wrong number of values throws instead of trapping")
  func bindCountMismatch() throws {
    let connection = try open()
    try connection.execute("CREATE TABLE t (x INTEGER)")
    #expect(throws: SQLiteError.self) {
      try connection.run("INSERT INTO t (x) VALUES (?)", [.integer(1), .integer(2)])
    }
    #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t (x) VALUES (?)", []) }
  }

  @Test("values of every kind round-trip through bind and column reads")
  func valueRoundTrip() throws {
    let connection = try open()
    try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
    try connection.run(
      "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
      [.integer(Int64.max), .real(1.5), .text("東京 👩‍💻"), .blob([0, 1, 255]), .null])
    let row = try connection.query("SELECT i, r, s, b, n FROM t") {
      ($0.int64(0), $0.double(1), $0.text(2), $0.blob(3), $0.optionalText(4))
    }.first
    #expect(row?.0 == Int64.max)
    #expect(row?.1 == 1.5)
    #expect(row?.2 == "東京 👩‍💻")
    #expect(row?.3 == [0, 1, 255])
    #expect(row?.4 == nil)
  }
}
