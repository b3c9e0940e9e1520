import Domain
import Foundation
import Testing

@Suite("Account events: each transition announced once, decided without a database")
struct AccountEventTests {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)
  static let day: TimeInterval = 86_400
  static let scopes = ["user.info.basic", "video.list"]

  static func account(
    _ status: StoredStatus = .active, refreshLeft: TimeInterval = 90 * day,
    scopes: [String] = scopes, reason: String? = nil
  ) -> Account {
    Account(
      openID: "o", profile: "p", displayName: "Maya", username: "maya", grantedScopes: scopes,
      status: status, statusReason: reason, accessExpiresAt: now.addingTimeInterval(3600),
      accessLifetime: 7200, refreshExpiresAt: now.addingTimeInterval(refreshLeft), connectedAt: now)
  }

  static func announced(
    _ health: AnnouncedState.Health, stage: Int? = nil, scopes: [String] = scopes
  ) -> AnnouncedState {
    AnnouncedState(health: health, expiringStage: stage, scopes: scopes)
  }

  static func events(_ before: AnnouncedState?, _ account: Account) -> [String] {
    AnnouncedState.transition(from: before, to: account, at: now).events.map(\.name)
  }

  @Test(
    "health transitions fire needs-reconnect and recovered once",
    arguments: [
      (announced(.healthy), account(), [String]()),
      (announced(.healthy), account(.expired, reason: "invalid_grant"), ["needs-reconnect"]),
      (announced(.dead), account(.expired), []),
      (announced(.troubled), account(.revoked), ["needs-reconnect"]),
      (announced(.dead), account(), ["recovered"]),
      (announced(.dead), account(.error), ["recovered"]),
      (announced(.dead), account(refreshLeft: 2 * day), ["recovered", "expiring"]),
      (announced(.troubled), account(), ["recovered"]),
      (announced(.healthy), account(.error), []),
      (announced(.troubled), account(.error), []),
      (announced(.dead), account(.overLimit), []),
      (announced(.healthy), account(.overLimit, refreshLeft: 2 * day), []),
    ] as [(AnnouncedState, Account, [String])])
  func healthTransitions(before: AnnouncedState, account: Account, expected: [String]) {
    #expect(Self.events(before, account) == expected)
  }

  @Test(
    "expiring fires once per stage, the deepest reached, and a new refresh token resets it",
    arguments: [
      (nil, 20.0, [String](), nil),
      (nil, 14.0, ["expiring"], 14),
      (14, 10.0, [], 14),
      (14, 2.5, ["expiring"], 3),
      (3, 2.0, [], 3),
      (3, 0.5, ["expiring"], 1),
      (1, 0.2, [], 1),
      (nil, 0.5, ["expiring"], 1),
      (1, 180.0, [], nil),
    ] as [(Int?, Double, [String], Int?)])
  func stages(stage: Int?, daysLeft: Double, expected: [String], recorded: Int?) {
    let health: AnnouncedState.Health = stage == nil ? .healthy : .troubled
    let account = Self.account(refreshLeft: daysLeft * Self.day)
    let (events, state) = AnnouncedState.transition(
      from: Self.announced(health, stage: stage), to: account, at: Self.now)
    #expect(events.filter { $0.name == "expiring" }.map(\.name) == expected)
    #expect(state.expiringStage == recorded)
    if case .expiring(let fired, let before)? = events.first(where: { $0.name == "expiring" }) {
      #expect(fired == recorded)
      #expect(before == account.refreshExpiresAt)
    }
  }

  @Test("a reconnect's new refresh token is warned about afresh, even within the same stage")
  func reconnectResetsStages() {
    let reconnected = Self.account(refreshLeft: 10 * Self.day)
    let (events, state) = AnnouncedState.transition(
      from: Self.announced(.dead, stage: 1), to: reconnected, at: Self.now)
    #expect(events.map(\.name) == ["recovered", "expiring"])
    #expect(state.expiringStage == 14)
  }

  @Test("a dead account is not warned about its refresh token's end")
  func deadNotWarned() {
    let account = Self.account(.expired, refreshLeft: 2 * Self.day)
    #expect(Self.events(Self.announced(.dead), account) == [])
  }

  @Test("fewer scopes than before fire scope-lost with the lost ones; more do not")
  func scopes() {
    let fewer = Self.account(scopes: ["user.info.basic"])
    let (events, state) = AnnouncedState.transition(from: Self.announced(.healthy), to: fewer, at: Self.now)
    #expect(events == [.scopeLost(["video.list"])])
    #expect(state.scopes == ["user.info.basic"])
    let more = Self.account(scopes: Self.scopes + ["user.info.stats"])
    #expect(Self.events(Self.announced(.healthy), more) == [])
  }

  @Test("nothing announced yet counts as healthy with today's scopes")
  func firstLook() {
    #expect(Self.events(nil, Self.account()) == [])
    #expect(Self.events(nil, Self.account(.revoked)) == ["needs-reconnect"])
  }

  @Test("the state recorded after a transition fires nothing more")
  func idempotent() {
    for account in [Self.account(.expired), Self.account(refreshLeft: 2 * Self.day), Self.account(.error)] {
      let first = AnnouncedState.transition(from: Self.announced(.healthy), to: account, at: Self.now)
      #expect(AnnouncedState.transition(from: first.state, to: account, at: Self.now).events == [])
    }
  }
}
