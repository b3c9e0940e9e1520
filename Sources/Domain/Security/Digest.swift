/// SHA-256, provided by Storage through OpenSSL (Domain stays free of C libraries).
public protocol SHA256Digest: Sendable {
  func sha256(_ bytes: [UInt8]) -> [UInt8]
}

extension SHA256Digest {
  /// Lowercase hex of the SHA-256 of the UTF-8 bytes of `text` (TikTok's desktop PKCE challenge).
  public func hexSHA256(_ text: String) -> String {
    Hex.encode(sha256(Array(text.utf8)))
  }
}

/// Lowercase hexadecimal text.
public enum Hex {
  public static func encode(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes hex text; nil when it is not an even run of hex digits.
  public static func decode(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 2)
    var index = 0
    while index < chars.count {
      guard let high = value(chars[index]), let low = value(chars[index + 1]) else { return nil }
      out.append(high << 4 | low)
      index += 2
    }
    return out
  }

  private static func value(_ char: UInt8) -> UInt8? {
    switch char {
    case 0x30...0x39: char - 0x30
    case 0x61...0x66: char - 0x61 + 10
    case 0x41...0x46: char - 0x41 + 10
    default: nil
    }
  }
}
