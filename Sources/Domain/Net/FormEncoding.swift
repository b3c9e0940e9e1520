/// Strict percent-encoding for `application/x-www-form-urlencoded` bodies and query strings.
///
/// Everything outside RFC 3986's unreserved set `A-Z a-z 0-9 - . _ ~` is encoded, including
/// `*`, `!`, `+`, `/` and `%`: TikTok's codes carry such characters and a server that reads
/// `+` as a space or `*` as special would otherwise get a different code. Input is encoded
/// exactly once; nothing already looking encoded is spared.
public enum FormEncoding {
  /// Whether `byte` may appear unencoded.
  public static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: true
    default: false
    }
  }

  /// `text` with every byte of its UTF-8 outside the unreserved set as `%XX` (upper-case hex).
  public static func escape(_ text: String) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if isUnreserved(byte) {
        out.append(byte)
      } else {
        out.append(0x25)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `name=value` pairs joined with `&`, names and values escaped; order is kept.
  public static func encode(_ fields: [(name: String, value: String)]) -> String {
    fields.map { "\(escape($0.name))=\(escape($0.value))" }.joined(separator: "&")
  }

  /// Decodes `%XX` escapes once. Nil when an escape is broken (`%`, `%4`, `%G1`); `+` stays a
  /// plus (RFC 3986 query semantics, see `CallbackParser`).
  public static func percentDecode(_ text: Substring) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
      guard byte == 0x25 else {
        out.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(hexValue),
        let low = iterator.next().flatMap(hexValue)
      else { return nil }
      out.append(high << 4 | low)
    }
    return out
  }

  /// Whether `bytes` still hold a `%XX` escape, the mark of a value that was encoded twice.
  public static func containsEscape(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 3 else { return false }
    for index in 0..<(bytes.count - 2)
    where bytes[index] == 0x25 && hexValue(bytes[index + 1]) != nil
      && hexValue(bytes[index + 2]) != nil
    {
      return true
    }
    return false
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
  }
}
