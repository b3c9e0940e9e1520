import Domain
import Foundation
import Testing

@Suite("Retry-After")
struct RetryAfterTests {
  @Test("Retry-After in seconds is added to now")
  func retryAfterSeconds() {
    let now = Date(timeIntervalSince1970: 1_000)
    #expect(RetryAfter.date(from: "120", now: now) == Date(timeIntervalSince1970: 1_120))
    #expect(RetryAfter.date(from: " 0 ", now: now) == now)
  }

  @Test("Retry-After as an HTTP date is read in GMT")
  func retryAfterDate() {
    let now = Date(timeIntervalSince1970: 1_445_412_400)  // Wed, 21 Oct 2015 07:26:40 GMT
    let date = RetryAfter.date(from: "Wed, 21 Oct 2015 07:28:00 GMT", now: now)
    #expect(date == Date(timeIntervalSince1970: 1_445_412_480))
  }

  @Test("a Retry-After date in the past means now, garbage means unknown")
  func retryAfterEdges() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    #expect(RetryAfter.date(from: "Wed, 21 Oct 2015 07:28:00 GMT", now: now) == now)
    #expect(RetryAfter.date(from: "soon", now: now) == nil)
    #expect(RetryAfter.date(from: "-5", now: now) == nil)
    #expect(RetryAfter.date(from: "", now: now) == nil)
  }

  @Test("an absurd Retry-After is capped at one day")
  func retryAfterCapped() {
    let now = Date(timeIntervalSince1970: 0)
    #expect(
      RetryAfter.date(from: "99999999999999", now: now) == Date(timeIntervalSince1970: 86_400))
  }
}
