import Domain
import Foundation
import Testing
import TestSupport

@testable import Storage

@Suite("The connect transaction and account repository")
struct StoreConnectTests {
  let directory = TemporaryDirectory()
  let store: Store

  init() throws { store = try Store.open(home: directory.file("home"), environmentKey: nil) }

  @Test("a new account takes a slot, is selected, and round-trips every field")
  func addRoundTrip() throws {
    let result = try StoreFixture.connect(store, openID: "open-1")
    guard case .added(let account) = result else {
      Issue.record("expected added, got \(result)")
      return
    }
    let loaded = try #require(try store.accounts(profile: "default").first)
    #expect(loaded == account)
    #expect(loaded.displayName == "Maya Chen")
    #expect(loaded.username == "mayachen")
    #expect(loaded.isVerified)
    #expect(loaded.stats == AccountStats(followers: 10, following: 2, likes: 30, videos: 4))
    #expect(loaded.grantedScopes == ["user.info.basic", "video.list"])
    #expect(loaded.declinedScopes == ["user.info.stats"])
    #expect(loaded.accessExpiresAt == StoreFixture.now.addingTimeInterval(7200))
    #expect(loaded.accessLifetime == 7200)
    #expect(try store.profile("default").selectedOpenID == "open-1")
    let tokens = try store.tokens("open-1")
    #expect(tokens.accessToken == Secret("act.A!1"))
    #expect(tokens.refreshToken == Secret("rft.R!open-1"))
  }

  @Test("tokens are stored sealed, never as plain text in the database file")
  func tokensSealedOnDisk() throws {
    _ = try store.saveConnection(StoreFixture.connection("open-1", access: "act.PLAINTEXT-CANARY!1"), profile: "default", now: StoreFixture.now)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: store.databasePath))
    let wal = (try? Data(contentsOf: URL(fileURLWithPath: store.databasePath + "-wal"))) ?? Data()
    let canary = Data("PLAINTEXT-CANARY".utf8)
    #expect(bytes.range(of: canary) == nil)
    #expect(wal.range(of: canary) == nil)
  }

  @Test("reconnecting the same open_id updates its tokens without using a new slot")
  func reconnectUsesNoSlot() throws {
    try StoreFixture.connect(store, openID: "open-1")
    let again = try store.saveConnection(StoreFixture.connection("open-1", access: "act.NEW!2"), profile: "default", now: StoreFixture.now)
    guard case .reconnected = again else {
      Issue.record("expected reconnected, got \(again)")
      return
    }
    #expect(try store.accounts(profile: "default").count == 1)
    #expect(try store.tokens("open-1").accessToken == Secret("act.NEW!2"))
  }

  @Test("a free profile with its one slot used refuses a new account and stores nothing")
  func slotsFull() throws {
    try StoreFixture.connect(store, openID: "open-1")
    #expect(throws: DomainError.slotsFull(tier: .free)) { try StoreFixture.connect(store, openID: "open-2") }
    #expect(try store.accounts(profile: "default").map(\.openID) == ["open-1"])
    #expect(try store.account("open-2") == nil)
  }

  @Test("an account connected in another profile is refused naming that profile")
  func otherProfileRefused() throws {
    try StoreFixture.connect(store, openID: "open-1", profile: "agency-a")
    #expect(throws: DomainError.connectedInOtherProfile(profile: "agency-a")) {
      try StoreFixture.connect(store, openID: "open-1", profile: "default")
    }
    #expect(try store.accounts(profile: "default").isEmpty)
  }

  @Test("removing the selected account selects the next one, then the previous, then none")
  func removeReselects() throws {
    try store.setTier(.pro, profile: "default", now: Date())
    for id in ["a", "b", "c"] { try StoreFixture.connect(store, openID: id, name: "N \(id)") }
    try store.select("b", profile: "default")
    try store.removeAccount("b", queueRevocation: nil, now: StoreFixture.now)
    #expect(try store.profile("default").selectedOpenID == "c")
    try store.removeAccount("c", queueRevocation: nil, now: StoreFixture.now)
    #expect(try store.profile("default").selectedOpenID == "a")
    try store.removeAccount("a", queueRevocation: nil, now: StoreFixture.now)
    #expect(try store.profile("default").selectedOpenID == nil)
  }

  @Test("a failed revoke is queued sealed and bound to its account, with its refresh token")
  func pendingRevocationSealed() throws {
    try StoreFixture.connect(store, openID: "open-1")
    try store.removeAccount(
      "open-1", queueRevocation: QueuedRevocation(accessToken: Secret("act.A!1"), refreshToken: Secret("rft.R!1"), firstAttempt: StoreFixture.now.addingTimeInterval(60), app: StoreFixture.app), now: StoreFixture.now)
    let blobs = try store.read { try $0.query("SELECT token FROM pending_revocations") { $0.blob(0) } }
    let blob = try #require(blobs.first ?? nil)
    #expect(try store.sealer.open(blob, openID: "open-1", field: .pendingRevocation) == Secret("act.A!1"))
    #expect(throws: DomainError.self) { try store.sealer.open(blob, openID: "open-2", field: .pendingRevocation) }
    let due = try store.dueRevocations(now: StoreFixture.now.addingTimeInterval(3600))
    #expect(due.map(\.accessToken) == [Secret("act.A!1")])
    #expect(due.map(\.refreshToken) == [Secret("rft.R!1")])
    #expect(try store.account("open-1") == nil)
  }

  @Test("selecting an account of another profile fails")
  func selectOtherProfile() throws {
    try StoreFixture.connect(store, openID: "open-1", profile: "other")
    #expect(throws: DomainError.self) { try store.select("open-1", profile: "default") }
  }

  @Test("videos: the first page replaces the cache and later pages append")
  func videosPaging() throws {
    try StoreFixture.connect(store, openID: "open-1")
    let day = Date(timeIntervalSince1970: 1_700_000_000)
    let first = VideoPage(videos: [Video(id: "1", title: "one", createdAt: day, views: 5)], cursor: 99, hasMore: true)
    let second = VideoPage(videos: [Video(id: "2", title: "two", createdAt: day, likes: 3)], cursor: 50, hasMore: false)
    try store.storeVideos(first, openID: "open-1", firstPage: true)
    try store.storeVideos(second, openID: "open-1", firstPage: false)
    var cached = try store.videos("open-1")
    #expect(cached.videos.map(\.id) == ["1", "2"])
    #expect(cached.cursor == 50)
    #expect(cached.hasMore == false)
    try store.storeVideos(first, openID: "open-1", firstPage: true)
    cached = try store.videos("open-1")
    #expect(cached.videos.map(\.id) == ["1"])
    #expect(cached.videos.first?.views == 5)
  }

  @Test("the fixture builder creates N realistic accounts beyond any tier limit")
  func fixtures() throws {
    let accounts = try AccountFixtures.populate(store, profile: "bench", count: 120, now: StoreFixture.now)
    #expect(accounts.count == 120)
    #expect(try store.accounts(profile: "bench").count == 120)
    #expect(Set(accounts.map(\.openID)).count == 120)
    #expect(accounts.contains { $0.status == .error })
    #expect(accounts.contains { $0.status == .expired })
    #expect(try store.tokens(accounts[3].openID).accessToken.reveal.hasPrefix("act."))
  }

  @Test("connecting an account again drops the revoke queued when it was disconnected")
  func reconnectDropsQueuedRevoke() throws {
    try StoreFixture.connect(store, openID: "open-1")
    try store.removeAccount(
      "open-1", queueRevocation: QueuedRevocation(accessToken: Secret("act.A!1"), refreshToken: Secret("rft.R!1"), firstAttempt: StoreFixture.now.addingTimeInterval(60), app: StoreFixture.app), now: StoreFixture.now)
    #expect(try store.pendingRevocationCount() == 1)
    try StoreFixture.connect(store, openID: "open-1")
    #expect(try store.pendingRevocationCount() == 0)
  }
}
