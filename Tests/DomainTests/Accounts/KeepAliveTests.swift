import Domain
import Foundation
import Testing

@Suite("watch's next round: when the first account comes due, at the latest after the interval")
struct KeepAliveTests {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  static func account(
    _ status: StoredStatus = .active, accessLeft: TimeInterval, lifetime: TimeInterval = 7200,
    nextAttempt: TimeInterval? = nil, refreshLeft: TimeInterval = 86_400 * 90
  ) -> Account {
    Account(
      openID: "o", profile: "p", displayName: "", username: "", grantedScopes: [], status: status,
      accessExpiresAt: now.addingTimeInterval(accessLeft), accessLifetime: lifetime,
      refreshExpiresAt: now.addingTimeInterval(refreshLeft),
      nextAttemptAt: nextAttempt.map { now.addingTimeInterval($0) }, connectedAt: now)
  }

  @Test(
    "the next round is the earliest due time or retry, bounded by the interval and one second",
    arguments: [
      // access left, lifetime, next attempt, status -> seconds to the next round (interval 60)
      (7200.0, 7200.0, nil, StoredStatus.active, 60.0),
      (750.0, 7200.0, nil, .active, 30.0),
      (300.0, 7200.0, nil, .active, 1.0),
      (300.0, 7200.0, 20.0, .error, 20.0),
      (300.0, 7200.0, 500.0, .error, 60.0),
      (20.0, 30.0, nil, .active, 5.0),
      (10.0, 7200.0, nil, .expired, 60.0),
      (10.0, 7200.0, nil, .overLimit, 60.0),
    ] as [(Double, Double, Double?, StoredStatus, Double)])
  func nextRound(
    accessLeft: Double, lifetime: Double, nextAttempt: Double?, status: StoredStatus,
    expected: Double
  ) {
    let account = Self.account(
      status, accessLeft: accessLeft, lifetime: lifetime, nextAttempt: nextAttempt)
    let next = KeepAlive.nextRound(
      after: Self.now, accounts: [account], interval: 60, policy: RefreshPolicy())
    #expect(next.timeIntervalSince(Self.now) == expected)
  }

  @Test("an account whose refresh token has ended does not wake the loop")
  func deadGrantSleeps() {
    let account = Self.account(accessLeft: -10, refreshLeft: -1)
    let next = KeepAlive.nextRound(after: Self.now, accounts: [account], interval: 60, policy: RefreshPolicy())
    #expect(next.timeIntervalSince(Self.now) == 60)
  }
}
