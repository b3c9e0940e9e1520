import Foundation

/// Short, deterministic text for numbers, durations and dates (no formatter objects, no clock).
public enum Format {
  /// Time left until `end`: `2d 3h`, `1h 52m`, `9m 05s`, `45s`, or `expired`.
  public static func countdown(from now: Date, to end: Date) -> String {
    let left = seconds(end.timeIntervalSince(now))
    if left <= 0 { return "expired" }
    let days = left / 86400
    let hours = left % 86400 / 3600
    let minutes = left % 3600 / 60
    let secs = left % 60
    if days > 0 { return "\(days)d \(hours)h" }
    if hours > 0 { return "\(hours)h \(minutes)m" }
    if minutes > 0 { return "\(minutes)m \(twoDigits(secs))s" }
    return "\(secs)s"
  }

  /// A dialog timer: `4:32`, or `0:00` once passed.
  public static func timer(from now: Date, to end: Date) -> String {
    let left = max(0, seconds(end.timeIntervalSince(now)))
    return "\(left / 60):\(twoDigits(left % 60))"
  }

  /// A count in at most four characters: `999`, `1.2K`, `12.3K`, `123K`, `4.5M`, `1B`. Truncates,
  /// so it never claims more than there is.
  public static func compact(_ value: Int64) -> String {
    if value < 0 { return "-" + compact(value == .min ? .max : -value) }
    if value < 1000 { return "\(value)" }
    let units: [(Int64, String)] = [
      (1_000_000_000_000, "T"), (1_000_000_000, "B"), (1_000_000, "M"), (1000, "K"),
    ]
    for (size, suffix) in units where value >= size {
      let whole = value / size
      if whole >= 100 { return "\(whole)\(suffix)" }
      let tenth = value % size / (size / 10)
      return tenth == 0 ? "\(whole)\(suffix)" : "\(whole).\(tenth)\(suffix)"
    }
    return "\(value)"
  }

  /// A count with thousands separators: `10,000`.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (offset, digit) in digits.enumerated() {
      if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return value < 0 ? "-" + out : out
  }

  /// A range of counts, with an en dash as everywhere on screen: `21–40`, `1,001–1,020`.
  public static func range(_ first: Int, _ last: Int) -> String {
    "\(grouped(first))–\(grouped(last))"
  }

  /// A count with its noun: `1 slot`, `5 slots`.
  public static func count(_ value: Int, _ noun: String) -> String {
    "\(value) \(noun)\(value == 1 ? "" : "s")"
  }

  /// The calendar date in `zone`: `2025-03-01`.
  public static func date(_ date: Date, in zone: TimeZone) -> String {
    let civil = Civil(date, zone: zone)
    return "\(civil.year)-\(twoDigits(civil.month))-\(twoDigits(civil.day))"
  }

  /// Date and minute in `zone`: `2025-03-01 14:05`.
  public static func dateTime(_ date: Date, in zone: TimeZone) -> String {
    let civil = Civil(date, zone: zone)
    return "\(civil.year)-\(twoDigits(civil.month))-\(twoDigits(civil.day)) "
      + "\(twoDigits(civil.hour)):\(twoDigits(civil.minute))"
  }

  /// The time of day to the second in `zone`: `14:05:09`.
  public static func timeOfDay(_ date: Date, in zone: TimeZone) -> String {
    let civil = Civil(date, zone: zone)
    return "\(twoDigits(civil.hour)):\(twoDigits(civil.minute)):\(twoDigits(civil.second))"
  }

  /// Seconds as a whole number, clamped so absurd dates cannot trap the conversion.
  public static func seconds(_ interval: TimeInterval) -> Int {
    guard interval.isFinite else { return interval > 0 ? Int(1e12) : Int(-1e12) }
    return Int(min(max(interval, -1e12), 1e12).rounded(.down))
  }

  private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// A proleptic Gregorian date and time of day (days-from-civil inverted, Howard Hinnant's
  /// algorithm), so dates need neither `Calendar` nor a formatter in render.
  private struct Civil {
    var year, month, day, hour, minute, second: Int

    init(_ date: Date, zone: TimeZone) {
      let local = seconds(date.timeIntervalSince1970) + zone.secondsFromGMT(for: date)
      let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
      let secondOfDay = local - days * 86400
      hour = secondOfDay / 3600
      minute = secondOfDay % 3600 / 60
      second = secondOfDay % 60
      let shifted = days + 719_468
      let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
      let dayOfEra = shifted - era * 146_097
      let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
      let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
      let monthIndex = (5 * dayOfYear + 2) / 153
      day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
      month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
      year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
  }
}
