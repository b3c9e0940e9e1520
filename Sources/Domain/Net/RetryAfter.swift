import Foundation

/// Parses `Retry-After`: delta seconds or an HTTP date (RFC 9110 section 10.2.3).
public enum RetryAfter {
  /// The moment the server allows the next request, or nil when the value is not understood.
  /// Dates in the past mean "now"; absurd values (over a day) are capped at a day.
  public static func date(from value: String, now: Date) -> Date? {
    let text = value.trimmingSpaces()
    guard !text.isEmpty else { return nil }
    if text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
      guard text.count <= 9, let seconds = Int(text) else { return now.addingTimeInterval(86_400) }
      return now.addingTimeInterval(TimeInterval(min(seconds, 86_400)))
    }
    for format in httpDateFormats {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "GMT")
      formatter.dateFormat = format
      if let date = formatter.date(from: text) {
        return min(max(date, now), now.addingTimeInterval(86_400))
      }
    }
    return nil
  }

  /// IMF-fixdate, then the obsolete RFC 850 and asctime forms recipients must accept.
  private static let httpDateFormats = [
    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy",
  ]
}
