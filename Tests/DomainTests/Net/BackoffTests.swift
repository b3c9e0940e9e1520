import Domain
import Foundation
import Testing

@Suite("Backoff")
struct BackoffTests {
  let backoff = Backoff(base: 1, maximum: 30)

  @Test("the ceiling doubles with each attempt until the cap")
  func ceilingDoubles() {
    #expect((0..<7).map { backoff.ceiling(attempt: $0) } == [1, 2, 4, 8, 16, 30, 30])
  }

  @Test("full jitter scales the ceiling by the random unit")
  func fullJitter() {
    #expect(backoff.delay(attempt: 3, unit: 0) == 0)
    #expect(backoff.delay(attempt: 3, unit: 0.25) == 2)
    #expect(backoff.delay(attempt: 3, unit: 1) == 8)
  }

  @Test("a unit outside [0, 1] or not finite is clamped")
  func clampsUnit() {
    #expect(backoff.delay(attempt: 2, unit: 7) == 4)
    #expect(backoff.delay(attempt: 2, unit: -1) == 0)
    #expect(backoff.delay(attempt: 2, unit: .nan) == 0)
  }

  @Test("huge attempt numbers stay at the cap instead of overflowing")
  func hugeAttempt() {
    #expect(backoff.ceiling(attempt: 10_000) == 30)
    #expect(backoff.ceiling(attempt: -5) == 1)
  }
}
