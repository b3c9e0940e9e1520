import Domain
import Foundation
import TestSupport
import Testing

@testable import Storage

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Encryption keys, file modes and damaged files")
struct KeyAndFileTests {
  let directory = TemporaryDirectory()
  var home: String { directory.file("home") }

  /// The message `Store.open` refuses the home with.
  func refusal() throws -> String {
    do {
      _ = try Store.open(home: home, environmentKey: nil)
    } catch {
      return error.message
    }
    throw RefusalMissing()
  }

  struct RefusalMissing: Error {}

  static func base64(bytes count: Int) -> String {
    Data(repeating: 0xAB, count: count).base64EncodedString()
  }

  @Test(
    "first run creates the directory 0700 and key, database, WAL and SHM files 0600 under umask 022"
  )
  func fileModes() throws {
    let previous = umask(0o022)
    defer { umask(previous) }
    let store = try Store.open(home: home, environmentKey: nil)
    _ = try store.profile("default")
    #expect(PrivateFiles.mode(of: home) == 0o700)
    for name in ["key", "tractok.db", "tractok.db-wal", "tractok.db-shm"] {
      #expect(PrivateFiles.mode(of: "\(home)/\(name)") == 0o600, "\(name)")
    }
  }

  @Test("a key file that is not text is refused with that reason, not a stale one")
  func binaryKeyFile() throws {
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    chmod(home, 0o700)
    let key = "\(home)/key"
    #expect(FileManager.default.createFile(atPath: key, contents: Data([0xFF, 0xFE, 0x80, 0x0A])))
    chmod(key, 0o600)
    let message = try refusal()
    #expect(message.contains("cannot read the key file \(key)"))
    #expect(message.contains(String(cString: strerror(EILSEQ))))
  }

  @Test(
    "an existing directory open to others is refused with the chmod and rekey advice, and left as it is"
  )
  func looseDirectoryRefused() throws {
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    chmod(home, 0o755)
    let message = try refusal()
    #expect(message.contains("\(home) (mode 755)"))
    #expect(message.contains("chmod 700 \(home)"))
    #expect(message.contains("tractok rekey"))
    #expect(PrivateFiles.mode(of: home) == 0o700 | 0o055)
    #expect(!FileManager.default.fileExists(atPath: "\(home)/tractok.db"))
  }

  @Test(
    "a key file or database others can read is refused and keeps its mode",
    arguments: ["key", "tractok.db", "tractok.db-wal"])
  func looseFileRefused(_ name: String) throws {
    _ = try Store.open(home: home, environmentKey: nil)
    let path = "\(home)/\(name)"
    if !FileManager.default.fileExists(atPath: path) {
      _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    chmod(path, 0o644)
    let message = try refusal()
    #expect(message.contains("\(path) (mode 644)"))
    #expect(message.contains("`chmod 600 \(path)`, then `tractok rekey`"))
    #expect(PrivateFiles.mode(of: path) == 0o644)
    chmod(path, 0o600)
    #expect(throws: Never.self) { try Store.open(home: home, environmentKey: nil) }
  }

  @Test("with TIKTOK_ENCRYPTION_KEY the unused key file's mode does not matter")
  func environmentKeyIgnoresKeyFile() throws {
    let key = Self.base64(bytes: 32)
    _ = try Store.open(home: home, environmentKey: Secret(key))
    _ = FileManager.default.createFile(atPath: "\(home)/key", contents: Data("unused\n".utf8))
    chmod("\(home)/key", 0o644)
    #expect(throws: Never.self) { try Store.open(home: home, environmentKey: Secret(key)) }
  }

  @Test("the key file persists: a second open uses the same key")
  func keyFilePersists() throws {
    let first = try Store.open(home: home, environmentKey: nil).sealer.key
    let second = try Store.open(home: home, environmentKey: nil).sealer.key
    #expect(first == second)
  }

  @Test("keys of 31 or 33 bytes are refused with the byte count", arguments: [31, 33])
  func wrongLengthKeys(_ count: Int) {
    do {
      _ = try Store.open(home: home, environmentKey: Secret(Self.base64(bytes: count)))
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("\(count) bytes"))
      #expect(error.message.contains("TIKTOK_ENCRYPTION_KEY"))
    }
  }

  @Test("a key that is not base64 is refused saying so")
  func badBase64() {
    do {
      _ = try Store.open(home: home, environmentKey: Secret("not*base64!"))
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("not valid base64"))
    }
  }

  @Test("another valid key is refused naming the key id, and the database is not modified")
  func wrongKeyModifiesNothing() throws {
    let right = Self.base64(bytes: 32)
    let store = try Store.open(home: home, environmentKey: Secret(right))
    try StoreFixture.connect(store, openID: "open-1")
    let rightID = store.sealer.key.idText
    let path = "\(home)/tractok.db"
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let wrong = Data(repeating: 0xCD, count: 32).base64EncodedString()
    do {
      _ = try Store.open(home: home, environmentKey: Secret(wrong))
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains(rightID))
      #expect(error.message.contains("wrong encryption key"))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test("a missing key file with an existing database is an error, not a new key")
  func missingKeyFile() throws {
    let store = try Store.open(home: home, environmentKey: nil)
    try StoreFixture.connect(store, openID: "open-1")
    try FileManager.default.removeItem(atPath: "\(home)/key")
    #expect(throws: DomainError.self) { try Store.open(home: home, environmentKey: nil) }
    #expect(!FileManager.default.fileExists(atPath: "\(home)/key"))
  }

  @Test("a file that is not SQLite is refused with a clear error and left untouched")
  func corruptDatabaseUntouched() throws {
    try FileManager.default.createDirectory(
      atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let path = "\(home)/tractok.db"
    let garbage =
      Data("this is not a database, just some notes\n".utf8) + Data(repeating: 7, count: 5000)
    try garbage.write(to: URL(fileURLWithPath: path))
    chmod(path, 0o600)
    do {
      _ = try Store.open(home: home, environmentKey: nil)
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("not a SQLite database"))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
  }

  @Test("a SQLite file with a damaged body is refused and left untouched")
  func damagedDatabaseUntouched() throws {
    let store = try Store.open(home: home, environmentKey: nil)
    try StoreFixture.connect(store, openID: "open-1")
    let path = "\(home)/tractok.db"
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    for index in 100..<min(bytes.count, 4096) { bytes[index] = 0xFF }
    try bytes.write(to: URL(fileURLWithPath: path))
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    #expect(throws: DomainError.self) {
      let reopened = try Store.open(home: home, environmentKey: nil)
      _ = try reopened.accounts(profile: "default")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }
}
