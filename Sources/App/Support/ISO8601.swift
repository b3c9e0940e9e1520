import Foundation

/// ISO 8601 timestamps in UTC, as `--json` output uses them.
enum ISO8601 {
  static func text(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
