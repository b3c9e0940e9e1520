import Domain
import Foundation
import Testing
import TestSupport

@testable import Storage

@Suite("Re-encrypting under a new key")
struct RekeyTests {
  let directory = TemporaryDirectory()
  var home: String { directory.file("home") }

  func seeded() throws -> Store {
    let store = try Store.open(home: home, environmentKey: nil)
    try store.setTier(.agency, profile: "default", now: Date())
    for id in ["a", "b", "c"] { try StoreFixture.connect(store, openID: id, name: "N \(id)") }
    try store.removeAccount("c", queueRevocation: QueuedRevocation(accessToken: Secret("act.pending!1"), refreshToken: Secret("rft.pending!1"), firstAttempt: StoreFixture.now.addingTimeInterval(60), app: StoreFixture.app), now: StoreFixture.now)
    try store.addApp(AppRecord(name: "brand-a", clientKey: "key-a"), secret: Secret("brand-secret"), now: Date())
    return store
  }

  func expectAllOpen(_ store: Store, with key: EncryptionKey) throws {
    let sealer = TokenSealer(key: key)
    let rows = try store.read { try $0.query("SELECT open_id, access_token, refresh_token FROM accounts") { ($0.text(0), $0.blob(1), $0.blob(2)) } }
    for (openID, access, refresh) in rows {
      _ = try sealer.open(try #require(access), openID: openID, field: .accessToken)
      _ = try sealer.open(try #require(refresh), openID: openID, field: .refreshToken)
    }
    let pending = try store.read {
      try $0.query("SELECT open_id, token, refresh_token FROM pending_revocations") { ($0.text(0), $0.blob(1), $0.blob(2)) }
    }
    for (openID, blob, refresh) in pending {
      _ = try sealer.open(try #require(blob), openID: openID, field: .pendingRevocation)
      _ = try sealer.open(try #require(refresh), openID: openID, field: .pendingRefreshToken)
    }
    let apps = try store.read { try $0.query("SELECT name, client_secret FROM apps") { ($0.text(0), $0.blob(1)) } }
    #expect(!apps.isEmpty)
    for (name, blob) in apps {
      #expect(try sealer.openClientSecret(try #require(blob), app: name) == Secret("brand-secret"))
    }
  }

  @Test("rekey re-encrypts every blob (tokens and apps' client secrets), replaces the key file and records the new key id")
  func rekeyRoundTrip() throws {
    let store = try seeded()
    let newKey = EncryptionKey.generate()
    #expect(try store.rekey(to: newKey) == 7)
    try expectAllOpen(store, with: newKey)
    #expect(!FileManager.default.fileExists(atPath: "\(home)/key.new"))
    let reopened = try Store.open(home: home, environmentKey: nil)
    #expect(reopened.sealer.key == newKey)
    #expect(try reopened.tokens("a").accessToken == Secret("act.A!1"))
    #expect(try reopened.appSecret("brand-a") == Secret("brand-secret"))
  }

  @Test("after a rekey the old key is refused naming both key ids, and nothing changes")
  func oldKeyRefusedAfterRekey() throws {
    let oldText = Data(repeating: 0x21, count: 32).base64EncodedString()
    let store = try Store.open(home: home, environmentKey: Secret(oldText))
    try store.addApp(AppRecord(name: "brand-a", clientKey: "key-a"), secret: Secret("brand-secret"), now: Date())
    let newKey = EncryptionKey.generate()
    try store.rekey(to: newKey)
    let before = try Data(contentsOf: URL(fileURLWithPath: store.databasePath))
    let error = #expect(throws: DomainError.self) {
      try Store.open(home: home, environmentKey: Secret(oldText))
    }
    #expect(error?.message.contains("wrong encryption key") == true)
    #expect(error?.message.contains(newKey.idText) == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: store.databasePath)) == before)
    let reopened = try Store.open(
      home: home, environmentKey: Secret(Data(newKey.bytes).base64EncodedString()))
    #expect(try reopened.appSecret("brand-a") == Secret("brand-secret"))
  }

  @Test("a rekey killed before its commit leaves the old key in force and the staged key discarded")
  func killedBeforeCommit() throws {
    let store = try seeded()
    let oldKey = store.sealer.key
    try store.keyStore.stagePendingKey(EncryptionKey.generate())
    let reopened = try Store.open(home: home, environmentKey: nil)
    #expect(reopened.sealer.key == oldKey)
    #expect(!FileManager.default.fileExists(atPath: "\(home)/key.new"))
    try expectAllOpen(reopened, with: oldKey)
  }

  @Test("a rekey killed after its commit but before the key file rename is finished on next open")
  func killedAfterCommit() throws {
    let store = try seeded()
    let oldKeyText = try String(contentsOfFile: "\(home)/key", encoding: .utf8)
    let newKey = EncryptionKey.generate()
    try store.rekey(to: newKey)
    // Rebuild the moment between the commit and the rename: new key staged, old key in place.
    try FileManager.default.moveItem(atPath: "\(home)/key", toPath: "\(home)/key.new")
    try Data(oldKeyText.utf8).write(to: URL(fileURLWithPath: "\(home)/key"))
    chmod("\(home)/key", 0o600)
    let reopened = try Store.open(home: home, environmentKey: nil)
    #expect(reopened.sealer.key == newKey)
    #expect(!FileManager.default.fileExists(atPath: "\(home)/key.new"))
    try expectAllOpen(reopened, with: newKey)
  }

  @Test("rekey with the key in the environment seals under the given key and leaves no key file")
  func environmentRekey() throws {
    let oldText = Data(repeating: 0x21, count: 32).base64EncodedString()
    let store = try Store.open(home: home, environmentKey: Secret(oldText))
    try StoreFixture.connect(store, openID: "a")
    let newKey = EncryptionKey.generate()
    try store.rekey(to: newKey)
    #expect(!FileManager.default.fileExists(atPath: "\(home)/key"))
    #expect(throws: DomainError.self) { try Store.open(home: home, environmentKey: Secret(oldText)) }
    let reopened = try Store.open(home: home, environmentKey: Secret(Data(newKey.bytes).base64EncodedString()))
    #expect(try reopened.tokens("a").accessToken == Secret("act.A!1"))
  }

  @Test("a process started before another's rekey seals and reads with the new key")
  func staleProcessFollowsRekey() throws {
    let early = try seeded()
    let other = try Store.open(home: home, environmentKey: nil)
    let newKey = EncryptionKey.generate()
    try other.rekey(to: newKey)
    _ = try early.saveConnection(StoreFixture.connection("late"), profile: "default", now: StoreFixture.now)
    #expect(try early.tokens("a").accessToken == Secret("act.A!1"))
    let fresh = try Store.open(home: home, environmentKey: nil)
    #expect(fresh.sealer.key == newKey)
    try expectAllOpen(fresh, with: newKey)
  }

  @Test("while a rekey waits for the database, a process opening the store waits too and never removes its key.new")
  func openDuringRekeyWaits() throws {
    let store = try seeded()
    let blocker = try Connection(path: store.databasePath, create: false)
    try blocker.execute("BEGIN IMMEDIATE")
    let newKey = EncryptionKey.generate()
    let rekeyed = Background { Result { () throws(DomainError) in try store.rekey(to: newKey) } }
    #expect(eventually { FileManager.default.fileExists(atPath: "\(home)/key.new") })
    let opened = Background { Result { () throws(DomainError) in try Store.open(home: self.home, environmentKey: nil) } }
    // Without the rekey lock the opener deletes key.new at once, dooming the rekey.
    let deleted = eventually(timeout: 1) { !FileManager.default.fileExists(atPath: "\(home)/key.new") }
    #expect(!deleted)
    try blocker.execute("COMMIT")
    #expect(throws: Never.self) { try rekeyed.wait().get() }
    let reopened = try opened.wait().get()
    #expect(reopened.sealer.key == newKey)
    try expectAllOpen(try Store.open(home: home, environmentKey: nil), with: newKey)
  }
}
