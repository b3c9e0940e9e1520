import Domain
import Foundation

extension Store: EndpointHolds {
  public func hold(for path: String, app clientKey: String, now: Date) -> Date? {
    try? read { connection in try Self.hold(path, app: clientKey, now: now, connection) }
  }

  public func record(_ path: String, app clientKey: String, until: Date, reason: String) {
    _ = try? write { connection in
      try connection.run(
        """
        INSERT INTO endpoint_holds (client_key, endpoint, until, reason) VALUES (?, ?, ?, ?)
        ON CONFLICT (client_key, endpoint) DO UPDATE SET until = max(until, excluded.until),
          reason = excluded.reason
        """,
        [.text(clientKey), .text(path), .date(until), .text(reason)])
    }
  }

  /// Until when the app `clientKey` must hold requests to `endpoint` back; with no client key
  /// (an account stored before apps were recorded), the latest hold of any app counts.
  static func hold(_ endpoint: String, app clientKey: String?, now: Date, _ connection: Connection)
    throws -> Date?
  {
    try connection.query(
      """
      SELECT max(until) FROM endpoint_holds
      WHERE endpoint = ? AND (client_key = ? OR ? IS NULL) AND until > ?
      """,
      [.text(endpoint), .optional(clientKey), .optional(clientKey), .date(now)]
    ) { $0.optionalDate(0) }.first ?? nil
  }
}
