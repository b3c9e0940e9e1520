import Foundation

/// A parsed JSON document with exact types, so a string where a number belongs (or `1` where a
/// bool belongs) is caught instead of coerced.
public enum JSONValue: Equatable, Sendable, Decodable {
  case null
  case bool(Bool)
  case integer(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// Parses `bytes`; nil for anything that is not one complete JSON value.
  public static func parse(_ bytes: [UInt8]) -> JSONValue? {
    guard !bytes.isEmpty else { return nil }
    return try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
  }

  /// The members of an object, or nil for other values.
  public var object: [String: JSONValue]? {
    if case .object(let members) = self { return members }
    return nil
  }
}

/// Reads typed fields from one JSON object and says precisely what was wrong.
///
/// Absent and `null` are the same ("not sent"); a present value of the wrong type is an error,
/// never silently dropped.
struct JSONFields {
  let members: [String: JSONValue]
  /// Where this object sits, for messages (`data.user`).
  let context: String

  init(_ members: [String: JSONValue], context: String) {
    self.members = members
    self.context = context
  }

  func has(_ key: String) -> Bool {
    if let value = members[key], value != .null { return true }
    return false
  }

  func string(_ key: String) throws(DomainError) -> String? {
    switch members[key] {
    case nil, .null?: return nil
    case .string(let text)?: return text
    default: throw wrongType(key, "a string")
    }
  }

  func requiredString(_ key: String) throws(DomainError) -> String {
    guard let text = try string(key), !text.isEmpty else { throw missing(key) }
    return text
  }

  func bool(_ key: String) throws(DomainError) -> Bool? {
    switch members[key] {
    case nil, .null?: return nil
    case .bool(let flag)?: return flag
    default: throw wrongType(key, "true or false")
    }
  }

  /// An integer in `range`; a number outside it is "absurd", not clamped.
  func integer(_ key: String, in range: ClosedRange<Int64>) throws(DomainError) -> Int64? {
    let number: Int64
    switch members[key] {
    case nil, .null?: return nil
    case .integer(let value)?: number = value
    case .double(let value)?:
      guard value.isFinite, value.rounded() == value, abs(value) < 9.0e18 else {
        throw wrongType(key, "a whole number")
      }
      number = Int64(value)
    default: throw wrongType(key, "a number")
    }
    guard range.contains(number) else {
      throw DomainError.malformedResponse("\(path(key)) is out of range (\(number))")
    }
    return number
  }

  func object(_ key: String) throws(DomainError) -> JSONFields? {
    switch members[key] {
    case nil, .null?: return nil
    case .object(let inner)?: return JSONFields(inner, context: path(key))
    default: throw wrongType(key, "an object")
    }
  }

  func array(_ key: String) throws(DomainError) -> [JSONValue]? {
    switch members[key] {
    case nil, .null?: return nil
    case .array(let items)?: return items
    default: throw wrongType(key, "a list")
    }
  }

  func missing(_ key: String) -> DomainError {
    .malformedResponse("\(path(key)) is missing")
  }

  private func wrongType(_ key: String, _ expected: String) -> DomainError {
    .malformedResponse("\(path(key)) is not \(expected)")
  }

  private func path(_ key: String) -> String { context.isEmpty ? key : "\(context).\(key)" }
}
