import Foundation
import Testing

@testable import Domain

@Suite("Format")
struct FormatTests {
  let now = Date(timeIntervalSince1970: 1_736_942_400)

  @Test("countdowns read like 1h 52m, 9m 05s, 45s and expired")
  func countdowns() {
    #expect(Format.countdown(from: now, to: now.addingTimeInterval(6720)) == "1h 52m")
    #expect(Format.countdown(from: now, to: now.addingTimeInterval(545)) == "9m 05s")
    #expect(Format.countdown(from: now, to: now.addingTimeInterval(45)) == "45s")
    #expect(Format.countdown(from: now, to: now.addingTimeInterval(3 * 86400 + 7200)) == "3d 2h")
    #expect(Format.countdown(from: now, to: now) == "expired")
    #expect(Format.countdown(from: now, to: now.addingTimeInterval(-5)) == "expired")
    #expect(Format.countdown(from: now, to: .distantFuture).hasSuffix("h"))
  }

  @Test("dialog timers count down minutes and seconds and stop at zero")
  func timers() {
    #expect(Format.timer(from: now, to: now.addingTimeInterval(272)) == "4:32")
    #expect(Format.timer(from: now, to: now.addingTimeInterval(-3)) == "0:00")
  }

  @Test("compact numbers truncate and never overstate")
  func compactNumbers() {
    #expect(Format.compact(0) == "0")
    #expect(Format.compact(999) == "999")
    #expect(Format.compact(1000) == "1K")
    #expect(Format.compact(1234) == "1.2K")
    #expect(Format.compact(12_345) == "12.3K")
    #expect(Format.compact(123_456) == "123K")
    #expect(Format.compact(999_999) == "999K")
    #expect(Format.compact(1_250_000) == "1.2M")
    #expect(Format.compact(3_000_000_000) == "3B")
    #expect(Format.compact(-1500) == "-1.5K")
    #expect(Format.compact(Int64.min) == "-9223372T")
  }

  @Test("grouped numbers have thousands separators")
  func grouped() {
    #expect(Format.grouped(0) == "0")
    #expect(Format.grouped(999) == "999")
    #expect(Format.grouped(10_000) == "10,000")
    #expect(Format.grouped(1_234_567) == "1,234,567")
    #expect(Format.grouped(-4200) == "-4,200")
  }

  @Test("dates are shown in the state's time zone")
  func dates() throws {
    let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
    let utc = try #require(TimeZone(identifier: "UTC"))
    #expect(Format.date(now, in: utc) == "2025-01-15")
    #expect(Format.dateTime(now, in: utc) == "2025-01-15 12:00")
    #expect(Format.dateTime(now.addingTimeInterval(13 * 3600), in: tokyo) == "2025-01-16 10:00")
    #expect(Format.date(Date(timeIntervalSince1970: 951_782_400), in: utc) == "2000-02-29")
    #expect(Format.date(Date(timeIntervalSince1970: -86400), in: utc) == "1969-12-31")
  }
}
