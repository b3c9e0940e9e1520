/// A JSON value as the sandbox writes it: object keys keep their order, integers stay integers.
///
/// The sandbox writes TikTok's wire format with this instead of `JSONSerialization` so key
/// order, number types and escaping are exactly what it chose, and so fault switches can rewrite
/// a reply (wrong types, absurd numbers) before it is serialised.
enum SandboxJSON: Equatable, Sendable {
  case object([(String, SandboxJSON)])
  case array([SandboxJSON])
  case string(String)
  case int(Int64)
  case double(Double)
  case bool(Bool)
  case null

  static func == (lhs: SandboxJSON, rhs: SandboxJSON) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.array(let a), .array(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.double(let a), .double(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.null, .null): true
    default: false
    }
  }

  /// The value of `key` in an object.
  subscript(key: String) -> SandboxJSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var intValue: Int64? {
    if case .int(let value) = self { return value }
    return nil
  }

  /// Compact UTF-8 text.
  var text: String {
    var out = ""
    write(into: &out)
    return out
  }

  private func write(into out: inout String) {
    switch self {
    case .object(let members):
      out += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out += "," }
        Self.writeString(key, into: &out)
        out += ":"
        value.write(into: &out)
      }
      out += "}"
    case .array(let items):
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        item.write(into: &out)
      }
      out += "]"
    case .string(let value): Self.writeString(value, into: &out)
    case .int(let value): out += String(value)
    case .double(let value): out += value.isFinite ? String(value) : "null"
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    }
  }

  private static func writeString(_ value: String, into out: inout String) {
    out += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }

  /// The same tree with every value rewritten bottom-up by `transform` (for fault switches).
  func mapLeaves(_ transform: (String?, SandboxJSON) -> SandboxJSON) -> SandboxJSON {
    mapLeaves(key: nil, transform)
  }

  private func mapLeaves(key: String?, _ transform: (String?, SandboxJSON) -> SandboxJSON)
    -> SandboxJSON
  {
    switch self {
    case .object(let members):
      .object(members.map { ($0.0, $0.1.mapLeaves(key: $0.0, transform)) })
    case .array(let items): .array(items.map { $0.mapLeaves(key: key, transform) })
    default: transform(key, self)
    }
  }
}
