import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where the encryption key comes from and how it is created, recovered after an interrupted
/// `rekey`, and checked against the key id recorded in the database.
public struct KeyStore: Sendable {
  public enum Source: Equatable, Sendable {
    case environment
    case file(String)
  }

  public let home: String
  public let environmentKey: Secret?

  public init(home: String, environmentKey: Secret?) {
    self.home = home
    self.environmentKey = environmentKey
  }

  public var keyPath: String { "\(home)/key" }
  /// The next key while `rekey` runs; it becomes `key` once the database is committed.
  public var pendingKeyPath: String { "\(home)/key.new" }

  public var source: Source { environmentKey == nil ? .file(keyPath) : .environment }

  /// Where `rekey` and every key lookup take turns (an `flock`): a process never reads or
  /// cleans up `key.new` while a rekey is running.
  var lockPath: String { "\(home)/key.lock" }

  /// Runs `body` holding the rekey lock, waiting while another process rekeys.
  func withRekeyLock<T>(_ body: () throws(DomainError) -> T) throws(DomainError) -> T {
    let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw .storage("cannot open \(lockPath): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw .storage("cannot lock \(lockPath): \(String(cString: strerror(errno)))")
      }
    }
    defer { flock(fd, LOCK_UN) }
    return try body()
  }

  /// Loads the key for a database whose recorded key id is `databaseKeyID` (nil for a new
  /// database, which may get a freshly created key file). Call it holding the rekey lock.
  func load(databaseKeyID: String?) throws(DomainError) -> EncryptionKey {
    if let environmentKey {
      return try EncryptionKey.parse(base64: environmentKey.reveal, source: "TIKTOK_ENCRYPTION_KEY")
    }
    try finishInterruptedRekey(databaseKeyID: databaseKeyID)
    if let text = FileIO.readText(keyPath) {
      return try EncryptionKey.parse(base64: text, source: "the key file \(keyPath)")
    }
    let reason = errno
    if access(keyPath, F_OK) == 0 {
      throw .key("cannot read the key file \(keyPath): \(String(cString: strerror(reason)))")
    }
    if let databaseKeyID {
      throw .key(
        "the key file \(keyPath) is missing but the database holds tokens sealed with key "
          + "\(databaseKeyID); restore the key file or set TIKTOK_ENCRYPTION_KEY")
    }
    let key = EncryptionKey.generate()
    if try PrivateFiles.writeNew(key.base64 + "\n", to: keyPath, replace: false) { return key }
    // Another process created the key file first: use its key.
    return try load(databaseKeyID: databaseKeyID)
  }

  /// The key as it stands, for a reader that takes no lock: the environment's, or the key
  /// file's when it exists and parses. Nil means `load` must decide (under the lock).
  func loadExisting() -> EncryptionKey? {
    if let environmentKey {
      return try? EncryptionKey.parse(
        base64: environmentKey.reveal, source: "TIKTOK_ENCRYPTION_KEY")
    }
    guard let text = FileIO.readText(keyPath) else { return nil }
    return try? EncryptionKey.parse(base64: text, source: "the key file \(keyPath)")
  }

  /// Writes the next key beside the current one before the database is re-encrypted.
  func stagePendingKey(_ key: EncryptionKey) throws(DomainError) {
    try PrivateFiles.writeNew(key.base64 + "\n", to: pendingKeyPath, replace: true)
  }

  /// Makes the staged key the current one (after the database committed under it).
  func promotePendingKey() throws(DomainError) {
    guard rename(pendingKeyPath, keyPath) == 0 else {
      throw .storage(
        "cannot rename \(pendingKeyPath) to \(keyPath): \(String(cString: strerror(errno)))")
    }
    PrivateFiles.syncDirectory(of: keyPath)
  }

  /// A `rekey` killed after its commit leaves `key.new` matching the database: promote it.
  /// Killed before the commit, `key.new` is stale: remove it. Only under the rekey lock, so a
  /// running rekey's `key.new` is never touched.
  private func finishInterruptedRekey(databaseKeyID: String?) throws(DomainError) {
    guard let text = FileIO.readText(pendingKeyPath) else { return }
    let pending = try? EncryptionKey.parse(base64: text, source: "the key file \(pendingKeyPath)")
    if let pending, let databaseKeyID, pending.idText == databaseKeyID {
      try promotePendingKey()
    } else {
      unlink(pendingKeyPath)
    }
  }
}
