import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension Store {
  /// Re-encrypts every stored blob (tokens and apps' client secrets) under `newKey` in one
  /// transaction, so a kill at any moment leaves all blobs under the old key or all under the
  /// new one. With a key file, the new key
  /// is first written to `key.new`, and becomes `key` only after the commit; opening the store
  /// finishes or discards an interrupted rekey. Returns the number of blobs re-encrypted.
  @discardableResult
  public func rekey(to newKey: EncryptionKey) throws(DomainError) -> Int {
    // The whole rekey holds the rekey lock: no other process reads or cleans up `key.new`
    // meanwhile, and processes that open the store wait for it to finish.
    try keyStore.withRekeyLock { () throws(DomainError) in try rekeyLocked(to: newKey) }
  }

  private func rekeyLocked(to newKey: EncryptionKey) throws(DomainError) -> Int {
    try reloadKeyLocked()
    let usesFile = keyStore.source != .environment
    if usesFile { try keyStore.stagePendingKey(newKey) }
    let oldSealer = sealer
    let newSealer = TokenSealer(key: newKey)
    let count: Int
    do {
      count = try reseal(from: oldSealer, to: newSealer)
    } catch {
      if usesFile { unlink(keyStore.pendingKeyPath) }
      throw error
    }
    if usesFile { try keyStore.promotePendingKey() }
    replaceSealer(newSealer)
    return count
  }

  private func reseal(from oldSealer: TokenSealer, to newSealer: TokenSealer) throws(DomainError)
    -> Int
  {
    try write { connection in
      guard try Self.recordedKeyID(connection) == oldSealer.key.idText else {
        throw DomainError.key(Self.keyChanged)
      }
      var count = 0
      /// Opens a blob with the old key and seals it with the new one (NULL stays NULL).
      func reseal(_ blob: [UInt8]?, _ openID: String, _ field: SealedField) throws -> SQLValue {
        guard let blob else { return .null }
        let secret = try oldSealer.open(blob, openID: openID, field: field)
        count += 1
        return .blob(try newSealer.seal(secret, openID: openID, field: field))
      }
      let accounts = try connection.query(
        "SELECT open_id, access_token, refresh_token FROM accounts"
      ) { ($0.text(0), $0.blob(1), $0.blob(2)) }
      for (openID, access, refresh) in accounts {
        try connection.run(
          "UPDATE accounts SET access_token = ?, refresh_token = ? WHERE open_id = ?",
          [
            try reseal(access, openID, .accessToken), try reseal(refresh, openID, .refreshToken),
            .text(openID),
          ])
      }
      let pending = try connection.query(
        "SELECT id, open_id, token, refresh_token FROM pending_revocations"
      ) { ($0.int64(0), $0.text(1), $0.blob(2), $0.blob(3)) }
      for (id, openID, access, refresh) in pending {
        try connection.run(
          "UPDATE pending_revocations SET token = ?, refresh_token = ? WHERE id = ?",
          [
            try reseal(access, openID, .pendingRevocation),
            try reseal(refresh, openID, .pendingRefreshToken), .integer(id),
          ])
      }
      let apps = try connection.query("SELECT name, client_secret FROM apps") {
        ($0.text(0), $0.blob(1) ?? [])
      }
      for (name, blob) in apps {
        let secret = try oldSealer.openClientSecret(blob, app: name)
        count += 1
        try connection.run(
          "UPDATE apps SET client_secret = ? WHERE name = ?",
          [.blob(try newSealer.seal(clientSecret: secret, app: name)), .text(name)])
      }
      try connection.run(
        "UPDATE meta SET value = ? WHERE key = 'key_id'", [.text(newSealer.key.idText)])
      return count
    }
  }
}
