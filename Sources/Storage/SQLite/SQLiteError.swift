/// A failed SQLite call: the result code, SQLite's message and the SQL that was running.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
  public let code: Int32
  public let message: String
  public let sql: String?

  public init(code: Int32, message: String, sql: String?) {
    self.code = code
    self.message = message
    self.sql = sql
  }

  /// Whether another connection held the lock for longer than the busy timeout.
  public var isBusy: Bool { code & 0xFF == 5 || code & 0xFF == 6 }

  public var description: String {
    let statement = sql.map { " (in: \($0.prefix(120)))" } ?? ""
    return "SQLite error \(code): \(message)\(statement)"
  }
}
