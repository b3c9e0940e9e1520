import Domain
import Foundation

extension Store {
  /// Said when a write found the database rekeyed by another process after this one sealed.
  static let keyChanged = "the encryption key changed while writing"

  /// Picks up a rekey another process made since this store opened: a long-running UI or a
  /// refresh started before the rekey must seal with the new key, never the old one.
  func reloadKeyIfRotated() throws(DomainError) {
    let recorded = try read { connection in try Self.recordedKeyID(connection) }
    guard let recorded, recorded != sealer.key.idText else { return }
    try keyStore.withRekeyLock { () throws(DomainError) in try reloadKeyLocked() }
  }

  /// Runs `open` (a read that opens sealed blobs) under the current key, and once more after
  /// reloading it when it failed: a rekey by another process may have landed between the
  /// check and the read.
  func openingCurrent<T>(_ open: () throws(DomainError) -> T) throws(DomainError) -> T {
    try reloadKeyIfRotated()
    do {
      return try open()
    } catch {
      try reloadKeyIfRotated()
      return try open()
    }
  }

  /// The reload itself, for callers that hold the rekey lock already.
  func reloadKeyLocked() throws(DomainError) {
    let recorded = try read { connection in try Self.recordedKeyID(connection) }
    guard let recorded, recorded != sealer.key.idText else { return }
    let key = try keyStore.load(databaseKeyID: recorded)
    guard key.idText == recorded else {
      throw Self.mismatch(recorded: recorded, key: key, keyStore)
    }
    replaceSealer(TokenSealer(key: key))
  }

  /// One `BEGIN IMMEDIATE` transaction that seals or opens tokens: it checks, inside the
  /// transaction, that the database is still under this process's key, and once reloads the
  /// key and starts over when another process rekeyed in between.
  func keyedWrite<T>(_ body: (Connection, TokenSealer) throws -> T) throws(DomainError) -> T {
    var retried = false
    while true {
      try reloadKeyIfRotated()
      let sealer = self.sealer
      do {
        return try write { connection in
          guard try Self.recordedKeyID(connection) == sealer.key.idText else {
            throw DomainError.key(Self.keyChanged)
          }
          return try body(connection, sealer)
        }
      } catch .key(Self.keyChanged) where !retried {
        retried = true
      }
    }
  }
}
