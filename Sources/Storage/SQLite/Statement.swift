import CSQLite
import Foundation

/// A value bound to or read from SQL.
public enum SQLValue: Equatable, Sendable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])

  /// A date stored as Unix seconds (REAL), or NULL.
  public static func date(_ date: Date?) -> SQLValue {
    date.map { .real($0.timeIntervalSince1970) } ?? .null
  }

  /// Text, or NULL when nil.
  public static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }

  /// An integer, or NULL when nil.
  public static func optional(_ number: Int64?) -> SQLValue {
    number.map(SQLValue.integer) ?? .null
  }
}

/// A compiled statement; finalized when released.
public final class Statement {
  private let connection: Connection
  private let pointer: OpaquePointer
  let sql: String

  init(connection: Connection, sql: String) throws {
    var statement: OpaquePointer?
    try connection.check(sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil), sql: sql)
    guard let statement else {
      throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql)
    }
    self.connection = connection
    self.pointer = statement
    self.sql = sql
  }

  deinit { sqlite3_finalize(pointer) }

  /// Binds all parameters at once; a count mismatch throws instead of trapping.
  public func bind(_ values: [SQLValue]) throws {
    let expected = Int(sqlite3_bind_parameter_count(pointer))
    guard expected == values.count else {
      throw SQLiteError(
        code: SQLITE_RANGE, message: "expected \(expected) bindings, got \(values.count)", sql: sql)
    }
    try connection.check(sqlite3_reset(pointer), sql: sql)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value {
      case .null: code = sqlite3_bind_null(pointer, index)
      case .integer(let number): code = sqlite3_bind_int64(pointer, index, number)
      case .real(let number): code = sqlite3_bind_double(pointer, index, number)
      case .text(let text):
        code = sqlite3_bind_text(pointer, index, text, -1, tk_sqlite_transient())
      case .blob(let bytes):
        code = bytes.withUnsafeBytes {
          sqlite3_bind_blob(pointer, index, $0.baseAddress, Int32($0.count), tk_sqlite_transient())
        }
      }
      try connection.check(code, sql: sql)
    }
  }

  /// Advances to the next row; false when done.
  public func step() throws -> Bool {
    try connection.check(sqlite3_step(pointer), sql: sql) == SQLITE_ROW
  }

  public func isNull(_ column: Int32) -> Bool {
    sqlite3_column_type(pointer, column) == SQLITE_NULL
  }

  public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(pointer, column)) }

  public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

  public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

  public func double(_ column: Int32) -> Double { sqlite3_column_double(pointer, column) }

  public func text(_ column: Int32) -> String {
    guard let bytes = sqlite3_column_text(pointer, column) else { return "" }
    return String(cString: bytes)
  }

  public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

  public func date(_ column: Int32) -> Date { Date(timeIntervalSince1970: double(column)) }

  public func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }

  public func blob(_ column: Int32) -> [UInt8]? {
    guard !isNull(column) else { return nil }
    let count = Int(sqlite3_column_bytes(pointer, column))
    guard count > 0, let base = sqlite3_column_blob(pointer, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: base, count: count))
  }
}
