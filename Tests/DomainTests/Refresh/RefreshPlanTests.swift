import Domain
import Foundation
import Testing

@Suite("The refresh plan: what a refresh asked for must do, decided without a database")
struct RefreshPlanTests {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  static func account(
    _ status: StoredStatus = .active, accessLeft: TimeInterval = 3600,
    lifetime: TimeInterval = 7200, refreshLeft: TimeInterval = 86_400, nextAttempt: TimeInterval? = nil
  ) -> Account {
    Account(
      openID: "o", profile: "p", displayName: "", username: "maya", grantedScopes: [],
      status: status, statusReason: status == .expired ? "invalid_grant" : nil,
      accessExpiresAt: now.addingTimeInterval(accessLeft), accessLifetime: lifetime,
      refreshExpiresAt: now.addingTimeInterval(refreshLeft),
      nextAttemptAt: nextAttempt.map { now.addingTimeInterval($0) }, connectedAt: now)
  }

  @Test(
    "the precheck refuses dead and over-limit accounts, ends dead grants, serves fresh tokens",
    arguments: [
      (account(.overLimit), true, 0.0, false, RefreshPlan.Precheck.unusable(.overLimit(account: "@maya"))),
      (account(.expired), true, 0, false, .unusable(.needsReconnect(account: "@maya", reason: "invalid_grant"))),
      (account(.revoked), true, 0, false, .unusable(.needsReconnect(account: "@maya", reason: "revoked"))),
      (account(), false, 0, false, .unusable(.needsReconnect(account: "@maya", reason: "no tokens are stored"))),
      (account(refreshLeft: 0), true, 0, false, .grantEnded),
      (account(), true, 0, false, .fresh),
      (account(), true, 0, true, .refresh),
      (account(accessLeft: 700), true, 0, false, .refresh),
      (account(), true, 3000, false, .fresh),
      (account(), true, 4000, false, .refresh),
      (account(.error), true, 0, false, .fresh),
    ] as [(Account, Bool, Double, Bool, RefreshPlan.Precheck)])
  func precheck(
    account: Account, hasTokens: Bool, minimumValidity: Double, force: Bool,
    expected: RefreshPlan.Precheck
  ) {
    let plan = RefreshPlan.precheck(
      account, hasTokens: hasTokens, now: Self.now, policy: RefreshPolicy(),
      minimumValidity: minimumValidity, force: force)
    #expect(plan == expected)
  }

  @Test("asking for more validity than TikTok's tokens ever have fails without rotating")
  func moreThanALifetime() {
    let plan = RefreshPlan.precheck(
      Self.account(lifetime: 7200), hasTokens: true, now: Self.now, policy: RefreshPolicy(),
      minimumValidity: 9000, force: false)
    guard case .unusable(.failed(let message)) = plan else {
      Issue.record("expected a failure, got \(plan)")
      return
    }
    #expect(message.contains("7200 s") && message.contains("9000 s"))
  }

  @Test(
    "a caller waits for TikTok's hold, and for the backoff unless it asked for the refresh",
    arguments: [
      (nil, nil, false, nil),
      (30.0, nil, false, 30.0),
      (-5.0, nil, false, nil),
      (nil, 60.0, false, 60.0),
      (nil, 60.0, true, nil),
      (30.0, 60.0, false, 60.0),
      (90.0, 60.0, false, 90.0),
      (90.0, 60.0, true, 90.0),
    ] as [(Double?, Double?, Bool, Double?)])
  func waitUntil(hold: Double?, nextAttempt: Double?, force: Bool, expected: Double?) {
    let until = RefreshPlan.waitUntil(
      endpointHold: hold.map { Self.now.addingTimeInterval($0) },
      account: Self.account(.error, nextAttempt: nextAttempt), now: Self.now, force: force)
    #expect(until == expected.map { Self.now.addingTimeInterval($0) })
  }

  @Test(
    "a failure is recorded only over the tokens it started from, with nobody else leasing",
    arguments: [
      (3 as Int64, 3 as Int64, nil as String?, nil as Double?, true),
      (4, 3, nil, nil, false),
      (3, 3, "me", 20.0, true),
      (3, 3, "other", 20.0, false),
      (3, 3, "other", -1.0, true),
    ])
  func mayRecordFailure(stored: Int64, failed: Int64, owner: String?, leaseLeft: Double?, allowed: Bool) {
    let lease = RefreshLease(owner: owner, until: leaseLeft.map { Self.now.addingTimeInterval($0) })
    #expect(
      RefreshPlan.mayRecordFailure(
        storedGeneration: stored, failedGeneration: failed, lease: lease, caller: "me",
        now: Self.now) == allowed)
  }
}
