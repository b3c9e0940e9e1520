import Domain
import Foundation
import Testing

@Suite("Refresh policy edges")
struct RefreshPolicyTests {
  static let now = Date(timeIntervalSince1970: 2_000_000_000)

  func account(lifetime: TimeInterval, left: TimeInterval, refreshLeft: TimeInterval = 86400 * 100) -> Account {
    Account(
      openID: "a", profile: "default", displayName: "A", username: "a", grantedScopes: [],
      accessExpiresAt: Self.now.addingTimeInterval(left), accessLifetime: lifetime,
      refreshExpiresAt: Self.now.addingTimeInterval(refreshLeft), connectedAt: Self.now)
  }

  @Test("the margin is 10 minutes for short lifetimes and 10% for long ones")
  func margin() {
    let policy = RefreshPolicy()
    #expect(policy.margin(forLifetime: 3600) == 600)
    #expect(policy.margin(forLifetime: 6000) == 600)
    #expect(policy.margin(forLifetime: 7200) == 720)
    #expect(policy.margin(forLifetime: 86400) == 8640)
  }

  @Test("a token is due exactly when the margin is reached, not a second before",
    arguments: [(3600.0, 601.0, false), (3600, 600, true), (7200, 721, false), (7200, 720, true), (86400, 8641, false), (86400, 8640, true), (86400, -5, true)])
  func dueEdges(_ lifetime: Double, _ left: Double, _ due: Bool) {
    #expect(RefreshPolicy().isDue(account(lifetime: lifetime, left: left), at: Self.now) == due)
  }

  @Test("accounts in backoff, leased, expired, revoked or over-limit are not refreshed")
  func notRefreshed() {
    let policy = RefreshPolicy()
    var backoff = account(lifetime: 7200, left: 10)
    backoff.status = .error
    backoff.nextAttemptAt = Self.now.addingTimeInterval(5)
    #expect(!policy.shouldRefresh(backoff, at: Self.now))
    var leased = account(lifetime: 7200, left: 10)
    leased.leaseUntil = Self.now.addingTimeInterval(5)
    #expect(!policy.shouldRefresh(leased, at: Self.now))
    for status in [StoredStatus.expired, .revoked, .overLimit] {
      var dead = account(lifetime: 7200, left: 10)
      dead.status = status
      #expect(!policy.shouldRefresh(dead, at: Self.now))
    }
    #expect(policy.shouldRefresh(account(lifetime: 7200, left: 10), at: Self.now))
  }

  @Test("a refresh token within 14 days of its end shows expiring; a failing refresh with the access token nearly out too")
  func expiringBadge() {
    #expect(account(lifetime: 7200, left: 3600, refreshLeft: 13 * 86400).displayStatus(at: Self.now) == .expiring)
    #expect(account(lifetime: 7200, left: 3600, refreshLeft: 15 * 86400).displayStatus(at: Self.now) == .active)
    var failing = account(lifetime: 7200, left: 100)
    failing.status = .error
    #expect(failing.displayStatus(at: Self.now) == .expiring)
    failing.accessExpiresAt = Self.now.addingTimeInterval(3000)
    #expect(failing.displayStatus(at: Self.now) == .error)
    #expect(account(lifetime: 7200, left: 10, refreshLeft: -1).displayStatus(at: Self.now) == .expired)
  }
}
