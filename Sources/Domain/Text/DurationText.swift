import Foundation

/// Short human durations and dates for countdowns, lists and messages.
public enum DurationText {
  /// `2d 3h`, `1h 52m`, `9m 05s`, `42s`; negative or zero gives `expired`.
  public static func countdown(_ seconds: TimeInterval) -> String {
    guard seconds >= 1 else { return "expired" }
    let total = Int(seconds)
    let days = total / 86400
    let hours = (total % 86400) / 3600
    let minutes = (total % 3600) / 60
    let secs = total % 60
    if days > 0 { return "\(days)d \(hours)h" }
    if hours > 0 { return "\(hours)h \(String(format: "%02d", minutes))m" }
    if minutes > 0 { return "\(minutes)m \(String(format: "%02d", secs))s" }
    return "\(secs)s"
  }

  /// ISO 8601 in UTC, as in `--json` output.
  public static func iso8601(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
  }
}
