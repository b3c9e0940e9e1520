/// Bytes a program wrote to a terminal, split into printable text, control characters and
/// whole escape sequences, so a test can tell the program's own sequences from control bytes
/// that came from data.
public struct TerminalOutput: Sendable {
  /// One piece of the output, with where it starts in the bytes.
  public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
      /// Printable text (UTF-8, no controls).
      case text(String)
      /// A C0 control, DEL, or a C1 control (U+0080-U+009F, as UTF-8 or as a raw byte).
      case control(UInt32)
      /// A whole escape sequence: CSI, OSC, DCS, SOS, PM, APC, or `ESC` + intermediates + final.
      case escape(String)
      /// Bytes that are not UTF-8.
      case invalid(UInt8)
    }

    public var kind: Kind
    public var offset: Int
  }

  public let bytes: [UInt8]
  public let tokens: [Token]

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var tokens: [Token] = []
    var index = 0
    var text = String.UnicodeScalarView()
    var textStart = 0
    func flush() {
      if !text.isEmpty { tokens.append(Token(kind: .text(String(text)), offset: textStart)) }
      text = String.UnicodeScalarView()
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x1B {
        flush()
        let end = Self.escapeEnd(bytes, from: index)
        let sequence = String(decoding: bytes[index..<end], as: UTF8.self)
        tokens.append(Token(kind: .escape(sequence), offset: index))
        index = end
        textStart = index
        continue
      }
      if byte < 0x20 || byte == 0x7F {
        flush()
        tokens.append(Token(kind: .control(UInt32(byte)), offset: index))
        index += 1
        textStart = index
        continue
      }
      guard let (scalar, length) = Self.decode(bytes, at: index) else {
        flush()
        let kind: Token.Kind =
          (0x80...0x9F).contains(byte) ? .control(UInt32(byte)) : .invalid(byte)
        tokens.append(Token(kind: kind, offset: index))
        index += 1
        textStart = index
        continue
      }
      if (0x80...0x9F).contains(scalar.value) {
        flush()
        tokens.append(Token(kind: .control(scalar.value), offset: index))
        textStart = index + length
      } else {
        if text.isEmpty { textStart = index }
        text.append(scalar)
      }
      index += length
    }
    flush()
    self.tokens = tokens
  }

  /// Where the escape sequence starting at `start` ends (exclusive). Strings (OSC, DCS, SOS,
  /// PM, APC) end at BEL or ST; CSI at its final byte; a sequence cut short by a control byte
  /// ends before it.
  static func escapeEnd(_ bytes: [UInt8], from start: Int) -> Int {
    var index = start + 1
    guard index < bytes.count else { return index }
    let introducer = bytes[index]
    index += 1
    switch introducer {
    case UInt8(ascii: "["):
      while index < bytes.count {
        let byte = bytes[index]
        if (0x40...0x7E).contains(byte) { return index + 1 }
        guard (0x20...0x3F).contains(byte) else { return index }
        index += 1
      }
      return index
    case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"),
      UInt8(ascii: "_"):
      while index < bytes.count {
        if bytes[index] == 0x07 { return index + 1 }
        if bytes[index] == 0x1B, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
          return index + 2
        }
        index += 1
      }
      return index
    default:
      var last = introducer
      while (0x20...0x2F).contains(last), index < bytes.count {
        last = bytes[index]
        index += 1
      }
      return index
    }
  }

  /// The scalar encoded at `index` and its length in bytes; nil when the bytes are not UTF-8.
  static func decode(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
    let lead = bytes[index]
    let length: Int
    switch lead {
    case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return nil
    }
    guard index + length <= bytes.count else { return nil }
    var value = UInt32(lead) & (0xFF >> (length + 1))
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    return Unicode.Scalar(value).map { ($0, length) }
  }

  /// The first start of `needle` in `haystack` at or after `from` and before `limit`.
  public static func find(
    _ needle: [UInt8], in haystack: [UInt8], from: Int, limit: Int = .max
  ) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count
    else { return nil }
    var index = from
    while index <= min(haystack.count - needle.count, limit - 1) {
      if haystack[index] == needle[0],
        haystack[index..<(index + needle.count)].elementsEqual(needle)
      {
        return index
      }
      index += 1
    }
    return nil
  }
}
