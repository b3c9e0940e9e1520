import Domain
import Foundation
import Testing
import TestSupport

@testable import Storage

@Suite("Tiers and over-limit accounts")
struct TierTests {
  let directory = TemporaryDirectory()
  let store: Store

  init() throws {
    store = try Store.open(home: directory.file("home"), environmentKey: nil)
    try store.setTier(.pro, profile: "default", now: Date())
    for id in ["a", "b", "c", "d"] { try StoreFixture.connect(store, openID: id, name: "N \(id)") }
  }

  func statuses() throws -> [String: StoredStatus] {
    Dictionary(uniqueKeysWithValues: try store.accounts(profile: "default").map { ($0.openID, $0.status) })
  }

  @Test("lowering the tier marks surplus accounts over-limit, keeping the selected one, and deletes none")
  func downgradeMarks() throws {
    try store.select("c", profile: "default")
    let changed = try store.setTier(.free, profile: "default", now: Date())
    #expect(Set(changed) == ["a", "b", "d"])
    #expect(try statuses() == ["a": .overLimit, "b": .overLimit, "c": .active, "d": .overLimit])
    #expect(try store.accounts(profile: "default").count == 4)
  }

  @Test("raising the tier again re-activates over-limit accounts in connection order")
  func upgradeRestores() throws {
    try store.setTier(.free, profile: "default", now: Date())
    try store.setTier(.pro, profile: "default", now: Date())
    #expect(try statuses().values.allSatisfy { $0 == .active })
  }

  @Test("the over-limit chooser keeps exactly the chosen accounts active")
  func keepActiveChooses() throws {
    try store.setTier(.free, profile: "default", now: Date())
    try store.keepActive(["d"], profile: "default", now: Date())
    #expect(try statuses() == ["a": .overLimit, "b": .overLimit, "c": .overLimit, "d": .active])
    #expect(throws: DomainError.slotsFull(tier: .free)) { try store.keepActive(["a", "b"], profile: "default", now: Date()) }
  }

  @Test("the tier table is free 1, pro 5, agency 25")
  func tierTable() {
    #expect(Tier.allCases.map(\.slotLimit) == [1, 5, 25])
  }

  @Test("disconnecting an active account gives its slot to an over-limit one, the current first")
  func disconnectFreesSlotForOverLimit() throws {
    try store.setTier(.free, profile: "default", now: Date())
    try store.select("a", profile: "default")
    #expect(try statuses()["a"] == .active)
    try store.removeAccount("a", queueRevocation: nil, now: StoreFixture.now)
    let after = try statuses()
    #expect(after.values.filter { $0 == .active }.count == 1)
    let current = try #require(try store.profile("default").selectedOpenID)
    #expect(after[current] == .active)
  }

  @Test("the chooser moves the current account to one that stays active")
  func chooserMovesCurrent() throws {
    try store.setTier(.free, profile: "default", now: Date())
    try store.select("a", profile: "default")
    try store.keepActive(["c"], profile: "default", now: Date())
    #expect(try store.profile("default").selectedOpenID == "c")
  }

  /// Stores `status` and `reason` on an account directly, as a refresh's dead grant would.
  func mark(_ openID: String, _ status: StoredStatus, reason: String) throws {
    try store.write { connection in
      try connection.run(
        "UPDATE accounts SET status = ?, status_reason = ? WHERE open_id = ?",
        [.text(status.rawValue), .text(reason), .text(openID)])
    }
  }

  @Test(
    "a dead grant keeps its status and reason through over-limit and back, however it comes back",
    arguments: ["raising the tier", "the chooser", "a disconnect"])
  func deadGrantSurvivesOverLimit(way: String) throws {
    try mark("b", .expired, reason: "TikTok said invalid_grant")
    try mark("c", .revoked, reason: "TikTok said access was revoked")
    try mark("d", .error, reason: "TikTok said internal_error")
    try store.select("a", profile: "default")
    try store.setTier(.free, profile: "default", now: Date())
    #expect(try statuses() == ["a": .active, "b": .overLimit, "c": .overLimit, "d": .overLimit])
    switch way {
    case "raising the tier":
      try store.setTier(.pro, profile: "default", now: Date())
      #expect(try statuses() == ["a": .active, "b": .expired, "c": .revoked, "d": .active])
    case "the chooser":
      try store.keepActive(["c"], profile: "default", now: Date())
      #expect(try statuses()["c"] == .revoked)
      // Chosen, left out, chosen again: the hold survives every round.
      try store.keepActive(["b"], profile: "default", now: Date())
      try store.keepActive(["a"], profile: "default", now: Date())
      try store.keepActive(["b"], profile: "default", now: Date())
    default:
      // The slot `a` frees goes to the next account, `b`, which becomes current.
      try store.removeAccount("a", queueRevocation: nil, now: StoreFixture.now)
    }
    let b = try #require(try store.account("b"))
    #expect(b.status == .expired)
    #expect(b.statusReason == "TikTok said invalid_grant")
    let c = try #require(try store.account("c"))
    let reason = c.status == .revoked ? "TikTok said access was revoked" : "over the tier limit"
    #expect(c.statusReason == reason)
  }

  @Test("a reconnect while over the limit stays over-limit and comes back active")
  func reconnectWhileOverLimit() throws {
    try mark("b", .expired, reason: "TikTok said invalid_grant")
    try store.select("a", profile: "default")
    try store.setTier(.free, profile: "default", now: Date())
    try StoreFixture.connect(store, openID: "b", name: "N b")
    #expect(try statuses()["b"] == .overLimit)
    try store.setTier(.pro, profile: "default", now: Date())
    #expect(try statuses()["b"] == .active)
  }
}
