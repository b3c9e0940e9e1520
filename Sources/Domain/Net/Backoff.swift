import Foundation

/// Exponential backoff with full jitter: attempt `n` waits a random time in
/// `[0, min(maximum, base * 2^n)]`.
///
/// Pure (the random unit is an argument) so the refresh engine can compute next-attempt times
/// and tests can pin the jitter.
public struct Backoff: Equatable, Sendable {
  /// The ceiling of the first retry's wait.
  public var base: TimeInterval
  /// No wait is longer than this, whatever the attempt number.
  public var maximum: TimeInterval

  public init(base: TimeInterval = 0.5, maximum: TimeInterval = 30) {
    self.base = max(0, base)
    self.maximum = max(0, maximum)
  }

  /// The largest wait attempt `attempt` (0 = first retry) can get.
  public func ceiling(attempt: Int) -> TimeInterval {
    // 2^62 already dwarfs any sane cap; clamping the exponent keeps the arithmetic finite.
    let exponent = Double(min(max(attempt, 0), 62))
    return min(maximum, base * pow(2, exponent))
  }

  /// The wait before retry `attempt`, given a random `unit` in [0, 1] (clamped).
  public func delay(attempt: Int, unit: Double) -> TimeInterval {
    let clamped = unit.isFinite ? min(max(unit, 0), 1) : 0
    return ceiling(attempt: attempt) * clamped
  }
}

/// Where backoff gets its randomness: a value in [0, 1]. Tests pass a constant.
public typealias JitterSource = @Sendable () -> Double

/// The system's jitter source.
public let systemJitter: JitterSource = { Double.random(in: 0...1) }

/// The wall clock and the sleeping the network layer does, injectable so tests run instantly.
public protocol NetClock: Sendable {
  func now() -> Date
  /// Sleeps `seconds`; throws `.cancelled` when the surrounding task is cancelled.
  func sleep(for seconds: TimeInterval) async throws(DomainError)
}

/// The real clock: `Date()` and `Task.sleep`.
public struct SystemNetClock: NetClock {
  public init() {}

  public func now() -> Date { Date() }

  public func sleep(for seconds: TimeInterval) async throws(DomainError) {
    guard seconds > 0 else { return }
    do {
      try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1_000_000_000))
    } catch {
      throw .cancelled
    }
  }
}

/// Parses `Retry-After`: delta seconds or an HTTP date (RFC 9110 section 10.2.3).
public enum RetryAfter {
  /// The moment the server allows the next request, or nil when the value is not understood.
  /// Dates in the past mean "now"; absurd values (over a day) are capped at a day.
  public static func date(from value: String, now: Date) -> Date? {
    let text = value.trimmingCharacters(in: .whitespaces)
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
