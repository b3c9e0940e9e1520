import Domain
import Foundation

/// A 256-bit key for sealing tokens, with the short id stored in every blob it seals.
public struct EncryptionKey: Equatable, Sendable {
  /// The 32 key bytes.
  let bytes: [UInt8]

  /// Wraps 32 bytes; nil for any other length.
  public init?(bytes: [UInt8]) {
    guard bytes.count == AESGCM.keySize else { return nil }
    self.bytes = bytes
  }

  /// First 8 bytes of SHA-256("tractok key id" || key): names the key without revealing it.
  /// Worked out when asked: opening a blob needs no id (its tag proves the key), and OpenSSL's
  /// first digest costs `tractok token` a quarter of a millisecond (B4).
  public var id: [UInt8] {
    Array(OpenSSLDigest().sha256(Array("tractok key id".utf8) + bytes).prefix(8))
  }

  /// The key id as 16 hex characters, as shown in messages.
  public var idText: String { Hex.encode(id) }

  /// A new random key.
  public static func generate() -> EncryptionKey {
    // 32 bytes always make a key.
    EncryptionKey(bytes: RandomToken.bytes(AESGCM.keySize)) ?? generate()
  }

  /// Parses the base64 text of `TIKTOK_ENCRYPTION_KEY` or the key file, naming the source in
  /// the reason when it is refused.
  public static func parse(base64 text: String, source: String) throws(DomainError) -> EncryptionKey
  {
    let trimmed = text.trimmingWhitespace()
    let advice =
      "use the key that sealed your tokens (only a new data directory can take a new one, "
      + "e.g. from: openssl rand -base64 32)"
    guard let data = Data(base64Encoded: trimmed) else {
      throw .key("\(source) is not valid base64 of 32 bytes; \(advice)")
    }
    guard let key = EncryptionKey(bytes: Array(data)) else {
      throw .key("\(source) decodes to \(data.count) bytes, not 32; \(advice)")
    }
    return key
  }

  /// The key as base64 text, for the key file.
  var base64: String { Data(bytes).base64EncodedString() }
}
