import Domain
import Foundation

/// Makes codes, tokens and log ids that look like TikTok's, from the system's secure random.
enum SandboxIssuer {
  private static let alphanumeric = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
  private static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

  /// An authorization code like `wFPH5D...-..._...*0!6410`: it always holds `-`, `_`, `*` and
  /// `!`, the characters that trip clients which encode or decode a query wrongly.
  static func code() -> String {
    random(20) + "-" + random(12) + "_" + random(10) + "*" + digits(1) + "!" + digits(4)
  }

  /// An access token like `act.<random>!<digits>`.
  static func accessToken() -> String { "act." + random(60) + "!" + digits(4) }

  /// A refresh token like `rft.<random>!<digits>`.
  static func refreshToken() -> String { "rft." + random(60) + "!" + digits(4) }

  /// A QR code token like `VJ5JCKGJGRSWNMFWHQH4W5NKY943Q97D`.
  static func qrToken() -> String { random(32, from: upperAlphanumeric) }

  /// A log id like `20220829194722CBE87ED59D524E727021`: UTC time then 20 hex digits.
  static func logID(at date: Date) -> String {
    timestamp(date) + Hex.encode(RandomToken.bytes(10)).uppercased()
  }

  /// The UTC time as `yyyyMMddHHmmss`.
  static func timestamp(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let fields = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second]
    return fields.enumerated().map { index, value -> String in
      let text = String(value ?? 0)
      let width = index == 0 ? 4 : 2
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }.joined()
  }

  private static func random(_ count: Int, from alphabet: [UInt8] = alphanumeric) -> String {
    let bytes = RandomToken.bytes(count).map { alphabet[Int($0) % alphabet.count] }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func digits(_ count: Int) -> String {
    random(count, from: Array("0123456789".utf8))
  }
}
