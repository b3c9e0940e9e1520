import Foundation
import Synchronization

/// A token bucket that callers await before sending; also honours a server's "wait until".
///
/// With a burst of `capacity` and a refill of `rate` per second, any window of `w` seconds
/// admits at most `capacity + rate * w` requests, so `RateLimit.perWindow` sizes the two to
/// keep TikTok's sliding window (600 per minute) from ever being exceeded.
public final class TokenBucket: Sendable {
  private struct State {
    var tokens: Double
    var updated: Date
    var pausedUntil: Date?
  }

  public let capacity: Double
  public let refillPerSecond: Double
  private let clock: any NetClock
  private let state: Mutex<State>

  public init(capacity: Double, refillPerSecond: Double, clock: any NetClock = SystemNetClock()) {
    self.capacity = max(1, capacity)
    self.refillPerSecond = max(0.001, refillPerSecond)
    self.clock = clock
    self.state = Mutex(State(tokens: max(1, capacity), updated: clock.now(), pausedUntil: nil))
  }

  /// Takes one token, sleeping until one is available (and any pause has ended).
  public func acquire() async throws(DomainError) {
    while true {
      let wait = tryTake(at: clock.now())
      guard let wait else { return }
      try await clock.sleep(for: wait)
    }
  }

  /// Takes a token if one is available now; otherwise returns how long to wait.
  public func tryTake(at now: Date) -> TimeInterval? {
    state.withLock { state -> TimeInterval? in
      if let until = state.pausedUntil {
        if until > now { return until.timeIntervalSince(now) }
        state.pausedUntil = nil
      }
      let elapsed = max(0, now.timeIntervalSince(state.updated))
      state.tokens = min(capacity, state.tokens + elapsed * refillPerSecond)
      state.updated = max(state.updated, now)
      if state.tokens >= 1 {
        state.tokens -= 1
        return nil
      }
      return (1 - state.tokens) / refillPerSecond
    }
  }

  /// Holds every caller until `date` (a 429's `Retry-After`); an earlier date never shortens a
  /// pause already in place.
  public func pause(until date: Date) {
    state.withLock { state in
      if let current = state.pausedUntil, current >= date { return }
      state.pausedUntil = date
    }
  }
}

/// The request budget of one endpoint.
public struct RateLimit: Equatable, Sendable {
  public var capacity: Double
  public var refillPerSecond: Double

  public init(capacity: Double, refillPerSecond: Double) {
    self.capacity = capacity
    self.refillPerSecond = refillPerSecond
  }

  /// A bucket that never exceeds `requests` in any sliding `window`: a small burst, the rest
  /// spread evenly (`burst + rate * window == requests`).
  public static func perWindow(requests: Int, window: TimeInterval, burst: Int = 10) -> RateLimit {
    let total = Double(max(1, requests))
    let burstSize = min(Double(max(1, burst)), total)
    let spread = max(total - burstSize, 1)
    return RateLimit(capacity: burstSize, refillPerSecond: spread / max(window, 0.001))
  }

  /// TikTok's documented limit: 600 requests per one-minute sliding window.
  public static let tikTokDefault = perWindow(requests: 600, window: 60)
}

/// One token bucket per endpoint path, created on first use.
public final class RateLimiter: Sendable {
  private let limit: RateLimit
  private let clock: any NetClock
  private let buckets = Mutex<[String: TokenBucket]>([:])

  public init(limit: RateLimit = .tikTokDefault, clock: any NetClock = SystemNetClock()) {
    self.limit = limit
    self.clock = clock
  }

  /// The bucket for `path` (for example `/v2/oauth/token/`).
  public func bucket(for path: String) -> TokenBucket {
    buckets.withLock { buckets in
      if let bucket = buckets[path] { return bucket }
      let bucket = TokenBucket(
        capacity: limit.capacity, refillPerSecond: limit.refillPerSecond, clock: clock)
      buckets[path] = bucket
      return bucket
    }
  }

  /// Waits for permission to call `path`.
  public func acquire(_ path: String) async throws(DomainError) {
    try await bucket(for: path).acquire()
  }
}
