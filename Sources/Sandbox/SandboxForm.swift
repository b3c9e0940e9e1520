import Domain

/// `application/x-www-form-urlencoded` fields (bodies and query strings), in order, repeats kept.
///
/// Decoding follows the form rules: `+` is a space and each `%XX` is decoded exactly once, so a
/// double-encoded value (`%252A`) stays `%2A` and no longer matches what the sandbox issued.
struct SandboxForm: Equatable, Sendable {
  var pairs: [(name: String, value: String)]

  init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

  /// Decodes a query string or body; nil when a `%` escape is broken or the text is not UTF-8.
  init?(_ text: some Collection<UInt8>) {
    var pairs: [(name: String, value: String)] = []
    for field in text.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      let equals = field.firstIndex(of: UInt8(ascii: "="))
      let rawName = field[field.startIndex..<(equals ?? field.endIndex)]
      let rawValue = equals.map { field[field.index(after: $0)...] } ?? field[field.endIndex...]
      guard let name = Self.decode(rawName), let value = Self.decode(rawValue) else { return nil }
      pairs.append((name, value))
    }
    self.pairs = pairs
  }

  init?(query: String?) { self.init(Array((query ?? "").utf8)) }

  static func == (lhs: SandboxForm, rhs: SandboxForm) -> Bool {
    lhs.pairs.map(\.name) == rhs.pairs.map(\.name)
      && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
  }

  /// The first value of `name`.
  func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

  /// Every value of `name`, in order.
  func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

  /// The single value of `name`; nil when it is missing or repeated.
  func only(_ name: String) -> String? {
    let values = all(name)
    return values.count == 1 ? values.first : nil
  }

  /// `name=value&...` with every value strictly percent-encoded.
  static func encode(_ pairs: [(String, String)], keeping: String = "") -> String {
    pairs.map { encode($0.0, keeping: keeping) + "=" + encode($0.1, keeping: keeping) }
      .joined(separator: "&")
  }

  /// Percent-encodes everything outside `A-Z a-z 0-9 - . _ ~` and the `keeping` characters.
  static func encode(_ value: String, keeping: String = "") -> String {
    let kept = Set(keeping.utf8)
    let digits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in value.utf8 {
      if isUnreserved(byte) || kept.contains(byte) {
        out.append(byte)
      } else {
        out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "_"), UInt8(ascii: "~"):
      true
    default: false
    }
  }

  private static func decode(_ raw: some Collection<UInt8>) -> String? {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var iterator = raw.makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "+"): out.append(0x20)
      case UInt8(ascii: "%"):
        guard let high = iterator.next(), let low = iterator.next(),
          let decoded = Hex.decode(String(decoding: [high, low], as: UTF8.self))?.first
        else { return nil }
        out.append(decoded)
      default: out.append(byte)
      }
    }
    return String(validating: out, as: UTF8.self)
  }
}
