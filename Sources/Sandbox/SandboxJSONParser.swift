/// A strict JSON parser (RFC 8259) for request bodies the sandbox reads.
///
/// It keeps integers apart from fractions and booleans apart from numbers, which
/// `JSONSerialization` on Linux blurs, so `{"cursor": "1"}` or `{"max_count": true}` can be
/// refused as TikTok would.
struct SandboxJSONParser {
  static let maximumDepth = 32

  private let bytes: [UInt8]
  private var index = 0

  /// The value `bytes` hold, or nil when they are not exactly one JSON value.
  static func parse(_ bytes: [UInt8]) -> SandboxJSON? {
    var parser = SandboxJSONParser(bytes: bytes)
    guard let value = parser.value(depth: 0) else { return nil }
    parser.skipSpace()
    return parser.index == bytes.count ? value : nil
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipSpace() {
    while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
      index += 1
    }
  }

  private mutating func value(depth: Int) -> SandboxJSON? {
    guard depth < Self.maximumDepth else { return nil }
    skipSpace()
    switch current {
    case UInt8(ascii: "{"): return object(depth: depth)
    case UInt8(ascii: "["): return array(depth: depth)
    case UInt8(ascii: "\""): return string().map(SandboxJSON.string)
    case UInt8(ascii: "t"): return literal("true", .bool(true))
    case UInt8(ascii: "f"): return literal("false", .bool(false))
    case UInt8(ascii: "n"): return literal("null", .null)
    default: return number()
    }
  }

  private mutating func literal(_ word: String, _ result: SandboxJSON) -> SandboxJSON? {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count,
      bytes[index..<(index + expected.count)].elementsEqual(expected)
    else { return nil }
    index += expected.count
    return result
  }

  private mutating func object(depth: Int) -> SandboxJSON? {
    index += 1
    var members: [(String, SandboxJSON)] = []
    skipSpace()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard current == UInt8(ascii: "\""), let key = string() else { return nil }
      skipSpace()
      guard current == UInt8(ascii: ":") else { return nil }
      index += 1
      guard let member = value(depth: depth + 1) else { return nil }
      members.append((key, member))
      skipSpace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(members)
      default: return nil
      }
    }
  }

  private mutating func array(depth: Int) -> SandboxJSON? {
    index += 1
    var items: [SandboxJSON] = []
    skipSpace()
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      guard let item = value(depth: depth + 1) else { return nil }
      items.append(item)
      skipSpace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(items)
      default: return nil
      }
    }
  }

  private mutating func string() -> String? {
    index += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() -> Bool {
      guard !raw.isEmpty else { return true }
      guard let text = String(validating: raw, as: UTF8.self) else { return false }
      scalars.append(contentsOf: text.unicodeScalars)
      raw.removeAll()
      return true
    }
    while let byte = current {
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return flush() ? String(scalars) : nil
      case UInt8(ascii: "\\"):
        guard flush(), let scalar = escape() else { return nil }
        scalars.append(scalar)
      case 0x00..<0x20: return nil
      default: raw.append(byte)
      }
    }
    return nil
  }

  private mutating func escape() -> Unicode.Scalar? {
    guard let byte = current else { return nil }
    index += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      guard let high = hex4() else { return nil }
      guard (0xD800...0xDBFF).contains(high) else {
        return (0xDC00...0xDFFF).contains(high) ? nil : Unicode.Scalar(high)
      }
      // A high surrogate must be followed by an escaped low surrogate.
      guard current == UInt8(ascii: "\\"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "u")
      else { return nil }
      index += 2
      guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
      return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    default: return nil
    }
  }

  private mutating func hex4() -> UInt32? {
    guard index + 4 <= bytes.count,
      let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16),
      bytes[index..<(index + 4)].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
    else { return nil }
    index += 4
    return value
  }

  private mutating func number() -> SandboxJSON? {
    let start = index
    if current == UInt8(ascii: "-") { index += 1 }
    guard let first = current, isDigit(first) else { return nil }
    index += 1
    if first != UInt8(ascii: "0") { while let byte = current, isDigit(byte) { index += 1 } }
    var isInteger = true
    if current == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard digits() else { return nil }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard digits() else { return nil }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isInteger, let value = Int64(text) { return .int(value) }
    return Double(text).map(SandboxJSON.double)
  }

  private mutating func digits() -> Bool {
    let start = index
    while let byte = current, isDigit(byte) { index += 1 }
    return index > start
  }

  private func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
