import Domain
import Foundation
import Testing

@Suite("In-process retries within one deadline")
struct RetryScheduleTests {
  static let now = Date(timeIntervalSince1970: 1_900_000_000)
  static let schedule = RetrySchedule(backoff: Backoff(base: 0.5, maximum: 8))
  static let http503 = DomainError.tikTok(
    TikTokError(code: "temporarily_unavailable", message: "", httpStatus: 503))
  static let serverErrorWith200 = DomainError.tikTok(
    TikTokError(code: "server_error", message: "", httpStatus: 200))
  static let invalidGrant = DomainError.tikTok(
    TikTokError(code: "invalid_grant", message: "", httpStatus: 200))

  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let error: DomainError
    let attempt: Int
    let unit: Double
    let deadlineIn: TimeInterval
    /// Seconds from now of the retry; nil = give up.
    let expected: TimeInterval?
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "a 503 is retried after full-jitter backoff", error: http503, attempt: 0, unit: 1,
      deadlineIn: 20, expected: 0.5),
    Case(
      name: "the ceiling doubles with each attempt", error: http503, attempt: 2, unit: 0.5,
      deadlineIn: 20, expected: 1),
    Case(
      name: "jitter may make the wait zero", error: .network("reset"), attempt: 3, unit: 0,
      deadlineIn: 20, expected: 0),
    Case(
      name: "a timeout is retried", error: .timedOut("the call"), attempt: 0, unit: 1,
      deadlineIn: 20, expected: 0.5),
    Case(
      name: "an error answered with HTTP 200 that says server_error is retried",
      error: serverErrorWith200, attempt: 0, unit: 1, deadlineIn: 20, expected: 0.5),
    Case(
      name: "a 429 waits until the time TikTok gave, not less",
      error: .rateLimited(until: now.addingTimeInterval(2)), attempt: 0, unit: 1,
      deadlineIn: 20, expected: 2),
    Case(
      name: "a 429 whose wait passes the deadline ends the retries",
      error: .rateLimited(until: now.addingTimeInterval(30)), attempt: 0, unit: 1,
      deadlineIn: 20, expected: nil),
    Case(
      name: "no retry starts without a second left before the deadline", error: http503,
      attempt: 4, unit: 1, deadlineIn: 8.5, expected: nil),
    Case(
      name: "invalid_grant is never retried", error: invalidGrant, attempt: 0, unit: 1,
      deadlineIn: 20, expected: nil),
    Case(
      name: "a malformed answer is not retried in-process",
      error: .malformedResponse("expires_in"), attempt: 0, unit: 1, deadlineIn: 20,
      expected: nil),
  ]

  @Test("next attempt", arguments: cases)
  func next(_ test: Case) {
    let at = Self.schedule.next(
      after: test.error, attempt: test.attempt, now: Self.now,
      deadline: Self.now.addingTimeInterval(test.deadlineIn), unit: test.unit)
    #expect(at == test.expected.map { Self.now.addingTimeInterval($0) })
  }

  @Test(
    "one rule says which failures may pass",
    arguments: [
      (http503, true), (serverErrorWith200, true), (DomainError.network("refused"), true),
      (.timedOut("x"), true), (.rateLimited(until: now), true),
      (.refreshInFlight(account: "@a", pid: 1, stopped: true), true), (invalidGrant, false),
      (.malformedResponse("x"), false), (.needsReconnect(account: "@a", reason: "x"), false),
      (.storage("disk full"), false),
    ])
  func transient(error: DomainError, expected: Bool) {
    #expect(error.isTransient == expected)
  }
}
