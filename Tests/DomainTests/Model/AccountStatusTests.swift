import Domain
import Foundation
import Testing

@Suite("What an account's badge says, for the UI and the CLI alike")
struct AccountStatusTests {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  static func account(
    _ status: StoredStatus, accessLeft: TimeInterval = 3600,
    refreshLeft: TimeInterval = 86_400 * 90,
    nextAttempt: TimeInterval? = nil
  ) -> Account {
    Account(
      openID: "o", profile: "p", displayName: "Maya", username: "maya", grantedScopes: [],
      status: status, statusReason: status == .revoked ? "TikTok said access was revoked" : nil,
      lastError: status == .error ? "TikTok said internal_error" : nil,
      accessExpiresAt: now.addingTimeInterval(accessLeft), accessLifetime: 7200,
      refreshExpiresAt: now.addingTimeInterval(refreshLeft),
      nextAttemptAt: nextAttempt.map { now.addingTimeInterval($0) }, connectedAt: now)
  }

  @Test(
    "only an account that can use its tokens shows their time left",
    arguments: [
      (StoredStatus.active, 3600.0, "1h 0m" as String?), (.error, 3600, "1h 0m"),
      (.expired, 3600, nil), (.revoked, 3600, nil), (.overLimit, 3600, nil),
      (.active, -60, "expired"),
    ])
  func timeLeft(status: StoredStatus, accessLeft: TimeInterval, shown: String?) {
    #expect(Self.account(status, accessLeft: accessLeft).accessTimeLeft(at: Self.now) == shown)
  }

  @Test("an error says when the next attempt is, first")
  func errorNamesNextAttempt() {
    let account = Self.account(.error, nextAttempt: 90)
    #expect(account.displayStatus(at: Self.now) == .error)
    #expect(
      account.statusExplanation(at: Self.now)
        == "next attempt in 1m 30s: TikTok said internal_error")
    #expect(
      Self.account(.error).statusExplanation(at: Self.now)
        == "next attempt now: TikTok said internal_error")
  }

  @Test("expiring says why: a failing refresh with the access token gone, or the grant's end")
  func expiringSaysWhy() {
    let failing = Self.account(.error, accessLeft: -30, nextAttempt: 45)
    #expect(failing.displayStatus(at: Self.now) == .expiring)
    #expect(
      failing.statusExplanation(at: Self.now)
        == "refresh failing and the access token has expired; next attempt in 45s")
    let runningOut = Self.account(.error, accessLeft: 120, nextAttempt: 45)
    #expect(
      runningOut.statusExplanation(at: Self.now)
        == "refresh failing and the access token runs out in 2m 00s; next attempt in 45s")
    let ending = Self.account(.active, refreshLeft: 5 * 86_400)
    #expect(ending.displayStatus(at: Self.now) == .expiring)
    #expect(
      ending.statusExplanation(at: Self.now)
        == "the grant ends in 5d 0h: reconnect before 2027-01-20T08:00:00Z")
  }

  @Test("a dead grant gives its stored reason")
  func deadGrantReason() {
    #expect(
      Self.account(.revoked).statusExplanation(at: Self.now) == "TikTok said access was revoked")
  }

  @Test(
    "an over-limit account says when its grant is dead under the mark, and which way",
    arguments: [
      (StoredStatus.expired, 86_400.0, AccountStatus.expired as AccountStatus?),
      (.revoked, 86_400, .revoked), (.active, 86_400, nil), (.error, 86_400, nil),
      (.active, -60, .expired),
    ])
  func statusUnderLimit(held: StoredStatus, refreshLeft: TimeInterval, under: AccountStatus?) {
    var account = Self.account(.overLimit, refreshLeft: refreshLeft)
    account.held = OverLimitHold(status: held, reason: nil)
    #expect(account.displayStatus(at: Self.now) == .overLimit)
    #expect(account.statusUnderLimit(at: Self.now) == under)
    let explanation = account.statusExplanation(at: Self.now)
    #expect(
      explanation.contains("\(under?.rawValue ?? "-") under it") == (under != nil), "\(explanation)"
    )
    // Accounts not over the limit have nothing under it.
    account.status = held
    #expect(account.statusUnderLimit(at: Self.now) == nil)
  }
}
