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
