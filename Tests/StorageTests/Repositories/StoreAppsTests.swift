import Domain
import Foundation
import Testing
import TestSupport

@testable import Storage

@Suite("Stored apps, their sealed secrets, and profiles bound to them")
struct StoreAppsTests {
  let directory = TemporaryDirectory()
  let store: Store
  static let brand = AppRecord(name: "brand-a", clientKey: "key-a", scopes: ["user.info.basic"])
  static let other = AppRecord(name: "brand-b", clientKey: "key-b")
  static let catalogSandbox = ClientCredentials(clientKey: "sbx", clientSecret: Secret("x"))

  init() throws {
    store = try Store.open(home: directory.file("home"), environmentKey: nil)
    try store.addApp(Self.brand, secret: Secret("secret-of-a"), now: Date())
    try store.addApp(Self.other, secret: Secret("secret-of-b"), now: Date())
  }

  func catalog() throws -> AppCatalog {
    AppCatalog(environment: AppEnvironment(), records: try store.apps(), sandbox: Self.catalogSandbox)
  }

  @Test("an app is stored with its settings; its secret is sealed, never in clear text in the file")
  func roundTrip() throws {
    #expect(try store.apps() == [Self.brand, Self.other])
    #expect(try store.appSecret("brand-a") == Secret("secret-of-a"))
    let file = try Data(contentsOf: URL(fileURLWithPath: store.databasePath))
    let wal = (try? Data(contentsOf: URL(fileURLWithPath: store.databasePath + "-wal"))) ?? Data()
    #expect(file.range(of: Data("secret-of-a".utf8)) == nil)
    #expect(wal.range(of: Data("secret-of-a".utf8)) == nil)
  }

  @Test("a secret blob is bound to its app's name: moved to another app, it does not open")
  func boundToName() throws {
    try store.write { connection in
      try connection.run(
        "UPDATE apps SET client_secret = (SELECT client_secret FROM apps WHERE name = 'brand-a') "
          + "WHERE name = 'brand-b'")
    }
    let error = #expect(throws: DomainError.self) { try store.appSecret("brand-b") }
    #expect(error?.message.contains("failed authentication") == true)
    #expect(try store.appSecret("brand-a") == Secret("secret-of-a"))
  }

  @Test("a taken name, a built-in name and a bad record are refused and nothing is written")
  func refusedAdds() throws {
    for record in [
      Self.brand, AppRecord(name: "sandbox", clientKey: "k"),
      AppRecord(name: "c", clientKey: "k", apiBaseURL: "http://api.example"),
    ] {
      #expect(throws: DomainError.self) { try store.addApp(record, secret: Secret("s"), now: Date()) }
    }
    #expect(throws: DomainError.self) {
      try store.addApp(AppRecord(name: "c", clientKey: "k"), secret: Secret(""), now: Date())
    }
    #expect(try store.apps().map(\.name) == ["brand-a", "brand-b"])
  }

  @Test("remove refuses while a profile is bound to the app or an account was granted through it")
  func removeRefusedWhileUsed() throws {
    try store.createProfile("team", app: "brand-a", tier: .pro, now: Date())
    var error = #expect(throws: DomainError.self) { try store.removeApp("brand-a") }
    #expect(error?.message.contains("used by profile team") == true)
    try store.bindProfile("team", to: try catalog().forProfile("brand-b"), catalog: try catalog(), now: Date())
    try StoreFixture.connect(store, openID: "x")
    error = #expect(throws: DomainError.self) { try store.removeApp("brand-a") }
    #expect(error?.message.contains("1 account") == true)
    try store.removeAccount("x", queueRevocation: nil, now: StoreFixture.now)
    try store.removeApp("brand-a")
    #expect(try store.apps().map(\.name) == ["brand-b"])
    #expect(throws: DomainError.self) { try store.removeApp("brand-a") }
    #expect(throws: DomainError.self) { try store.removeApp("sandbox") }
  }

  @Test("create makes a profile bound to a stored app with its tier; existing profiles and unknown apps are refused")
  func createProfile() throws {
    try store.createProfile("team", app: "brand-a", tier: .pro, now: Date())
    let team = try #require(try store.profiles().first { $0.record.name == "team" })
    #expect(team.record == ProfileRecord(name: "team", tier: .pro, selectedOpenID: nil, app: "brand-a"))
    #expect(throws: DomainError.self) { try store.createProfile("team", app: nil, tier: .free, now: Date()) }
    #expect(throws: DomainError.self) { try store.createProfile("lost", app: "nope", tier: .free, now: Date()) }
    #expect(try store.profiles().map(\.record.name) == ["team"])
  }

  @Test("set-app refuses while the profile holds accounts of another app, and changes nothing")
  func bindRefused() throws {
    try store.createProfile("team", app: "brand-a", tier: .pro, now: Date())
    try StoreFixture.connect(store, openID: "x", profile: "team")
    let error = #expect(throws: DomainError.self) {
      try store.bindProfile("team", to: try catalog().forProfile("brand-b"), catalog: try catalog(), now: Date())
    }
    #expect(error?.message.contains("granted through brand-a") == true)
    #expect(try store.profile("team").app == "brand-a")
  }

  @Test("set-app to an app of the same client key takes the accounts along under its name")
  func bindSameKey() throws {
    try store.addApp(AppRecord(name: "brand-a2", clientKey: "key-a"), secret: Secret("s"), now: Date())
    try store.createProfile("team", app: "brand-a", tier: .pro, now: Date())
    try StoreFixture.connect(store, openID: "x", profile: "team")
    try store.bindProfile("team", to: try catalog().forProfile("brand-a2"), catalog: try catalog(), now: Date())
    #expect(try store.profile("team").app == "brand-a2")
    #expect(try store.account("x")?.app == AppGrant(name: "brand-a2", clientKey: "key-a"))
  }

  @Test("a 429 hold belongs to one app: another app's requests are not held, an unrecorded account's are")
  func holdsPerApp() throws {
    let now = StoreFixture.now
    store.record("/v2/oauth/token/", app: "key-a", until: now.addingTimeInterval(60), reason: "429")
    #expect(store.hold(for: "/v2/oauth/token/", app: "key-a", now: now) == now.addingTimeInterval(60))
    #expect(store.hold(for: "/v2/oauth/token/", app: "key-b", now: now) == nil)
    let any = try store.read { connection in
      try Store.hold("/v2/oauth/token/", app: nil, now: now, connection)
    }
    #expect(any == now.addingTimeInterval(60))
  }

  @Test("the account records the app it was granted through and TikTok's union_id")
  func accountApp() throws {
    var new = StoreFixture.connection("x")
    new.profile.unionID = "union-1"
    _ = try store.saveConnection(new, profile: "default", now: StoreFixture.now)
    let account = try #require(try store.account("x"))
    #expect(account.app == StoreFixture.app)
    #expect(account.unionID == "union-1")
  }
}
