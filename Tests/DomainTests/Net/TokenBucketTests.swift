import Domain
import Foundation
import Testing

@Suite("Token bucket and rate limiter")
struct TokenBucketTests {
  @Test("a full bucket gives its burst at once, then asks to wait one refill interval")
  func burstThenWait() {
    let clock = TestClock()
    let bucket = TokenBucket(capacity: 3, refillPerSecond: 2, clock: clock)
    let now = clock.now()
    #expect(bucket.tryTake(at: now) == nil)
    #expect(bucket.tryTake(at: now) == nil)
    #expect(bucket.tryTake(at: now) == nil)
    #expect(bucket.tryTake(at: now) == 0.5)
    #expect(bucket.tryTake(at: now.addingTimeInterval(0.5)) == nil)
  }

  @Test("acquire sleeps exactly until a token is back")
  func acquireSleeps() async throws {
    let clock = TestClock()
    let bucket = TokenBucket(capacity: 1, refillPerSecond: 4, clock: clock)
    try await bucket.acquire()
    try await bucket.acquire()
    #expect(clock.sleeps == [0.25])
  }

  @Test("a pause holds every caller until its end and is never shortened")
  func pause() {
    let clock = TestClock()
    let bucket = TokenBucket(capacity: 10, refillPerSecond: 10, clock: clock)
    let now = clock.now()
    bucket.pause(until: now.addingTimeInterval(30))
    bucket.pause(until: now.addingTimeInterval(5))
    #expect(bucket.tryTake(at: now) == 30)
    #expect(bucket.tryTake(at: now.addingTimeInterval(30)) == nil)
  }

  @Test("TikTok's default never admits more than 600 calls in any 60-second window")
  func slidingWindowBound() {
    let limit = RateLimit.tikTokDefault
    #expect(limit.capacity + limit.refillPerSecond * 60 <= 600.000_001)
    let clock = TestClock()
    let bucket = TokenBucket(
      capacity: limit.capacity, refillPerSecond: limit.refillPerSecond, clock: clock)
    // Greedy caller: take whenever allowed over three minutes, then count the worst window.
    var times: [TimeInterval] = []
    var now: TimeInterval = 0
    while now < 180 {
      if let wait = bucket.tryTake(at: clock.now().addingTimeInterval(now)) {
        now += wait
      } else {
        times.append(now)
      }
    }
    var worst = 0
    var start = 0
    for end in times.indices {
      while times[end] - times[start] >= 60 { start += 1 }
      worst = max(worst, end - start + 1)
    }
    #expect(worst <= 600)
    #expect(worst >= 590)
  }

  @Test("each endpoint path has its own bucket")
  func perEndpoint() {
    let clock = TestClock()
    let limiter = RateLimiter(limit: RateLimit(capacity: 1, refillPerSecond: 1), clock: clock)
    #expect(limiter.bucket(for: "/v2/user/info/").tryTake(at: clock.now()) == nil)
    #expect(limiter.bucket(for: "/v2/video/list/").tryTake(at: clock.now()) == nil)
    #expect(limiter.bucket(for: "/v2/user/info/").tryTake(at: clock.now()) != nil)
  }
}
