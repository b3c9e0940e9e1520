import Foundation

// The records that pile up (codes, grants, tokens) are stored as JSON arrays rather than
// objects: JSONEncoder writes and reads rows two to three times faster than keyed objects, and
// the file is rewritten on every request. Dates are seconds since 2001 (Foundation's reference
// date), as JSONEncoder writes a `Date` by default. Scopes are joined with commas, which no
// scope name contains.

/// Reads the fields of one row in order.
private struct RowReader {
  var row: any UnkeyedDecodingContainer

  init(_ decoder: any Decoder) throws { row = try decoder.unkeyedContainer() }

  mutating func string() throws -> String { try row.decode(String.self) }
  mutating func optionalString() throws -> String? { try row.decode(String?.self) }
  mutating func int() throws -> Int { try row.decode(Int.self) }
  mutating func bool() throws -> Bool { try row.decode(Bool.self) }
  mutating func date() throws -> Date {
    Date(timeIntervalSinceReferenceDate: try row.decode(Double.self))
  }
  mutating func optionalDate() throws -> Date? {
    try row.decode(Double?.self).map(Date.init(timeIntervalSinceReferenceDate:))
  }
  mutating func scopes() throws -> [String] {
    try string().split(separator: ",").map(String.init)
  }
}

extension UnkeyedEncodingContainer {
  fileprivate mutating func encode(date: Date) throws {
    try encode(date.timeIntervalSinceReferenceDate)
  }

  fileprivate mutating func encode(scopes: [String]) throws {
    try encode(scopes.joined(separator: ","))
  }
}

/// `[openID, clientKey, scopes, redirectURI, challenge?, viaQR, expiresAt, consumed]`
extension SandboxRecords.Code: Codable {
  init(from decoder: any Decoder) throws {
    var row = try RowReader(decoder)
    self.init(
      openID: try row.string(), clientKey: try row.string(), scopes: try row.scopes(),
      redirectURI: try row.string(), challenge: try row.optionalString(), viaQR: try row.bool(),
      expiresAt: try row.date(), consumed: try row.bool())
  }

  func encode(to encoder: any Encoder) throws {
    var row = encoder.unkeyedContainer()
    try row.encode(openID)
    try row.encode(clientKey)
    try row.encode(scopes: scopes)
    try row.encode(redirectURI)
    try row.encode(challenge)
    try row.encode(viaQR)
    try row.encode(date: expiresAt)
    try row.encode(consumed)
  }
}

/// `[openID, clientKey, scopes, refreshDeadline, revoked]`
extension SandboxRecords.Grant: Codable {
  init(from decoder: any Decoder) throws {
    var row = try RowReader(decoder)
    self.init(
      openID: try row.string(), clientKey: try row.string(), scopes: try row.scopes(),
      refreshDeadline: try row.date(), revoked: try row.bool())
  }

  func encode(to encoder: any Encoder) throws {
    var row = encoder.unkeyedContainer()
    try row.encode(openID)
    try row.encode(clientKey)
    try row.encode(scopes: scopes)
    try row.encode(date: refreshDeadline)
    try row.encode(revoked)
  }
}

/// `[grantID, expiresAt]`
extension SandboxRecords.AccessToken: Codable {
  init(from decoder: any Decoder) throws {
    var row = try RowReader(decoder)
    self.init(grantID: try row.int(), expiresAt: try row.date())
  }

  func encode(to encoder: any Encoder) throws {
    var row = encoder.unkeyedContainer()
    try row.encode(grantID)
    try row.encode(date: expiresAt)
  }
}

/// `[grantID, rotatedAt?]`
extension SandboxRecords.RefreshToken: Codable {
  init(from decoder: any Decoder) throws {
    var row = try RowReader(decoder)
    self.init(grantID: try row.int(), rotatedAt: try row.optionalDate())
  }

  func encode(to encoder: any Encoder) throws {
    var row = encoder.unkeyedContainer()
    try row.encode(grantID)
    try row.encode(rotatedAt?.timeIntervalSinceReferenceDate)
  }
}
