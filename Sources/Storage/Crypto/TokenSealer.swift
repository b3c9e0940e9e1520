import Domain

/// Which stored secret a blob holds; part of the associated data so blobs cannot be swapped.
public enum SealedField: String, Sendable, CaseIterable {
  case accessToken = "access_token"
  case refreshToken = "refresh_token"
  case pendingRevocation = "pending_revocation"
  case pendingRefreshToken = "pending_refresh_token"
  /// A stored app's client secret, bound to the app's name instead of an open_id.
  case clientSecret = "client_secret"
}

/// Seals and opens token blobs: version, key id, random 96-bit nonce, ciphertext, tag.
///
/// The associated data is the blob header plus the account's open_id and the field (for an
/// app's client secret: the app's name and the field), so a blob copied to another account,
/// app or field, or re-labelled with another key id, fails to open.
public struct TokenSealer: Sendable {
  static let version: UInt8 = 1
  static let headerSize = 1 + 8
  static let overhead = headerSize + AESGCM.nonceSize + AESGCM.tagSize

  public let key: EncryptionKey

  public init(key: EncryptionKey) { self.key = key }

  /// Encrypts the client secret of the stored app `name`.
  public func seal(clientSecret secret: Secret, app name: String) throws(DomainError) -> [UInt8] {
    try seal(secret, openID: Self.appSubject(name), field: .clientSecret)
  }

  /// Decrypts the client secret of the stored app `name`.
  public func openClientSecret(_ blob: [UInt8], app name: String) throws(DomainError) -> Secret {
    try open(blob, openID: Self.appSubject(name), field: .clientSecret)
  }

  /// What an app's secret is bound to: no open_id is sealed with the `client_secret` field, so
  /// a token blob can never pass for it, nor it for a token.
  static func appSubject(_ name: String) -> String { "app \(name)" }

  /// Encrypts `secret` for `openID` and `field`.
  public func seal(_ secret: Secret, openID: String, field: SealedField) throws(DomainError)
    -> [UInt8]
  {
    let header = [Self.version] + key.id
    let nonce = RandomToken.bytes(AESGCM.nonceSize)
    let aad = Self.associatedData(header: header, openID: openID, field: field)
    guard
      let sealed = AESGCM.seal(
        Array(secret.reveal.utf8), key: key.bytes, nonce: nonce, associatedData: aad)
    else { throw .key("encryption failed in OpenSSL") }
    return header + nonce + sealed.ciphertext + sealed.tag
  }

  /// Decrypts a blob sealed for `openID` and `field`, or throws naming the key it needs.
  public func open(_ blob: [UInt8], openID: String, field: SealedField) throws(DomainError)
    -> Secret
  {
    guard blob.count >= Self.overhead, blob[0] == Self.version else {
      throw .key("the stored \(field.rawValue) of \(openID) is not a tractok blob")
    }
    let header = Array(blob[0..<Self.headerSize])
    let nonceEnd = Self.headerSize + AESGCM.nonceSize
    let nonce = Array(blob[Self.headerSize..<nonceEnd])
    let ciphertext = Array(blob[nonceEnd..<(blob.count - AESGCM.tagSize)])
    let tag = Array(blob[(blob.count - AESGCM.tagSize)...])
    let aad = Self.associatedData(header: header, openID: openID, field: field)
    // The tag proves the key, so the key id is compared only to explain a failure.
    guard
      let plaintext = AESGCM.open(
        ciphertext, tag: tag, key: key.bytes, nonce: nonce, associatedData: aad)
    else {
      let blobKeyID = Array(header.dropFirst())
      guard blobKeyID == key.id else {
        throw .key(
          "the stored tokens were sealed with key \(Hex.encode(blobKeyID)), but the configured "
            + "key is \(key.idText); set TIKTOK_ENCRYPTION_KEY or \(Self.keyFileHint) to the key "
            + "that was used")
      }
      throw .key(
        "the stored \(field.rawValue) of \(openID) failed authentication (tampered, or copied "
          + "from another account)")
    }
    return Secret(String(decoding: plaintext, as: UTF8.self))
  }

  /// The key id a blob was sealed with, if it looks like a blob.
  public static func keyID(of blob: [UInt8]) -> [UInt8]? {
    guard blob.count >= overhead, blob[0] == version else { return nil }
    return Array(blob[1..<headerSize])
  }

  static let keyFileHint = "the key file"

  static func associatedData(header: [UInt8], openID: String, field: SealedField) -> [UInt8] {
    header + Array("|\(openID)|\(field.rawValue)".utf8)
  }
}
