import Domain
import Foundation
import Testing

@Suite("The slot rule and tier rebalancing, without a database")
struct SlotsTests {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  @Test(
    "a new account fits only while fewer accounts than the tier's slots are held",
    arguments: [
      (Tier.free, 0, true), (.free, 1, false), (.pro, 4, true), (.pro, 5, false),
      (.agency, 24, true), (.agency, 25, false), (.agency, 30, false),
    ])
  func admitsNew(tier: Tier, held: Int, admitted: Bool) {
    #expect(Slots(tier).admitsNew(holding: held) == admitted)
  }

  @Test(
    "up to the limit may be active; more held than the limit is over it",
    arguments: [(Tier.free, 1, true, false), (.free, 2, false, true), (.pro, 5, true, false), (.pro, 6, false, true)])
  func activeAndOver(tier: Tier, count: Int, allowed: Bool, over: Bool) {
    #expect(Slots(tier).allowsActive(count) == allowed)
    #expect(Slots(tier).isOver(holding: count) == over)
  }

  static func account(_ id: String, _ status: StoredStatus, refreshLeft: TimeInterval = 86_400 * 90)
    -> Account
  {
    Account(
      openID: id, profile: "p", displayName: id, username: id, grantedScopes: [], status: status,
      accessExpiresAt: now.addingTimeInterval(3600), accessLifetime: 7200,
      refreshExpiresAt: now.addingTimeInterval(refreshLeft), connectedAt: now)
  }

  @Test(
    "a connect may start in a full profile only when an account there needs a reconnect",
    arguments: [
      ([StoredStatus.active], false), ([.expired], true), ([.revoked], true), ([.error], false),
      ([.overLimit], false),
    ])
  func connectInFullFreeProfile(statuses: [StoredStatus], allowed: Bool) {
    let accounts = statuses.enumerated().map { Self.account("a\($0.offset)", $0.element) }
    #expect(Slots(.free).mayStartConnect(accounts, at: Self.now, policy: RefreshPolicy()) == allowed)
  }

  @Test("an account whose refresh token ran out needs a reconnect, so a connect may start")
  func grantRanOut() {
    let accounts = [Self.account("a", .active, refreshLeft: -1)]
    #expect(Slots(.free).mayStartConnect(accounts, at: Self.now, policy: RefreshPolicy()))
    #expect(!Slots(.free).mayStartConnect([Self.account("a", .active)], at: Self.now, policy: RefreshPolicy()))
  }

  static func holders(_ spec: String) -> [Slots.Holder] {
    // "a b- c" = a active, b over-limit, c active, in connection order.
    spec.split(separator: " ").map { word in
      Slots.Holder(openID: String(word.filter { $0 != "-" }), isOverLimit: word.hasSuffix("-"))
    }
  }

  @Test(
    "rebalancing keeps the selected account and then the earliest, and fills free slots",
    arguments: [
      // tier, accounts in connection order ("-" = over-limit), selected, active afterwards
      (Tier.free, "a b c", "c", "c"),
      (.free, "a b c", nil, "a"),
      (.free, "a b c", "x", "a"),
      (.pro, "a b c d e f g", "g", "a b c d g"),
      (.pro, "a- b- c", "b", "a b c"),
      (.free, "a- b- c-", "c", "c"),
      (.free, "a- b- c-", nil, "a"),
      (.pro, "a b", "a", "a b"),
      (.free, "", nil, ""),
    ] as [(Tier, String, String?, String)])
  func rebalanced(tier: Tier, accounts: String, selected: String?, active: String) {
    let kept = Slots(tier).rebalanced(Self.holders(accounts), selected: selected)
    #expect(kept == active.split(separator: " ").map(String.init))
  }
}
