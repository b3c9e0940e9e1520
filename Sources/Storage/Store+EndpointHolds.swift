import Domain
import Foundation

extension Store: EndpointHolds {
  public func hold(for path: String, now: Date) -> Date? {
    try? read { connection in try Self.hold(path, now: now, connection) }
  }

  public func record(_ path: String, until: Date, reason: String) {
    _ = try? write { connection in
      try connection.run(
        """
        INSERT INTO endpoint_holds (endpoint, until, reason) VALUES (?, ?, ?)
        ON CONFLICT (endpoint) DO UPDATE SET until = max(until, excluded.until),
          reason = excluded.reason
        """,
        [.text(path), .date(until), .text(reason)])
    }
  }
}
