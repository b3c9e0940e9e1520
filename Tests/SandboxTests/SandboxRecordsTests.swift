import Foundation
import Testing

@testable import Sandbox

@Suite("Sandbox records")
struct SandboxRecordsTests {
  let now = Date(timeIntervalSince1970: 1_767_000_000.25)

  func code(expiresAt: Date, consumed: Bool = false) -> SandboxRecords.Code {
    SandboxRecords.Code(
      openID: "o", clientKey: "k", scopes: ["user.info.basic"], redirectURI: "r",
      challenge: nil, viaQR: true, expiresAt: expiresAt, consumed: consumed)
  }

  func grant(deadline: Date, revoked: Bool = false) -> SandboxRecords.Grant {
    SandboxRecords.Grant(
      openID: "o", clientKey: "k", scopes: ["user.info.basic"], refreshDeadline: deadline,
      revoked: revoked)
  }

  func qr(expiresAt: Date, phase: QRCode.Phase = .new) -> QRCode {
    QRCode(
      clientKey: "k", scopes: ["user.info.basic"], state: nil, scanURL: "aweme://x",
      expiresAt: expiresAt, phase: phase)
  }

  @Test("records survive the JSON round trip exactly, QR phases and fractional dates included")
  func roundTrip() throws {
    var records = SandboxRecords()
    records.clockOffset = 61.5
    records.codes["c"] = code(expiresAt: now.addingTimeInterval(0.123_456_789))
    var withChallenge = code(expiresAt: now, consumed: true)
    (withChallenge.challenge, withChallenge.viaQR) = ("0a1b", false)
    records.codes["d"] = withChallenge
    records.grants[7] = grant(deadline: now, revoked: true)
    records.nextGrantID = 8
    records.accessTokens["act.1"] = SandboxRecords.AccessToken(grantID: 7, expiresAt: now)
    records.refreshTokens["rft.1"] = SandboxRecords.RefreshToken(grantID: 7, rotatedAt: now)
    records.refreshTokens["rft.2"] = SandboxRecords.RefreshToken(grantID: 7, rotatedAt: nil)
    records.qrCodes["Q1"] = qr(expiresAt: now, phase: .scanned(ticket: "t"))
    records.qrCodes["Q2"] = qr(
      expiresAt: now, phase: .confirmed(ticket: "t", code: "c", handedOut: true))
    records.rateWindows["token k"] = [now, now.addingTimeInterval(1.5)]
    records.ledger.codesIssued = ["c"]
    records.ledger.requests[.token] = [200: 3, 429: 1]
    records.ledger.refreshes["o"] = 2
    let data = try JSONEncoder().encode(records)
    #expect(try JSONDecoder().decode(SandboxRecords.self, from: data) == records)
  }

  @Test("pruning drops expired access tokens and rate hits older than 60 seconds")
  func pruneTokensAndWindows() {
    var records = SandboxRecords()
    records.grants[1] = grant(deadline: now.addingTimeInterval(1000))
    records.accessTokens["live"] = .init(grantID: 1, expiresAt: now.addingTimeInterval(1))
    records.accessTokens["dead"] = .init(grantID: 1, expiresAt: now)
    let old = now.addingTimeInterval(-61)
    records.rateWindows["a"] = [old, now.addingTimeInterval(-59), now]
    records.rateWindows["b"] = [old, now.addingTimeInterval(-60)]
    records.prune(now: now)
    #expect(Array(records.accessTokens.keys) == ["live"])
    #expect(records.rateWindows == ["a": [now.addingTimeInterval(-59), now]])
  }

  @Test("codes and QR codes stay for the grace period after they expire, then go")
  func pruneCodesAfterGrace() {
    var records = SandboxRecords()
    let grace = SandboxRecords.expiredGrace
    records.codes["used"] = code(expiresAt: now.addingTimeInterval(-1), consumed: true)
    records.codes["gone"] = code(expiresAt: now.addingTimeInterval(-grace))
    records.qrCodes["recent"] = qr(expiresAt: now.addingTimeInterval(-grace + 1))
    records.qrCodes["gone"] = qr(expiresAt: now.addingTimeInterval(-grace - 1))
    records.prune(now: now)
    #expect(Array(records.codes.keys) == ["used"])
    #expect(Array(records.qrCodes.keys) == ["recent"])
  }

  @Test("grants past their deadline go with their refresh tokens, unless an access token lives")
  func pruneGrants() {
    var records = SandboxRecords()
    let past = now.addingTimeInterval(-SandboxRecords.expiredGrace - 1)
    records.grants[1] = grant(deadline: past)
    records.grants[2] = grant(deadline: past)
    records.grants[3] = grant(deadline: now, revoked: true)
    records.accessTokens["a2"] = .init(grantID: 2, expiresAt: now.addingTimeInterval(5))
    for id in 1...3 { records.refreshTokens["r\(id)"] = .init(grantID: id, rotatedAt: now) }
    records.prune(now: now)
    #expect(records.grants.keys.sorted() == [2, 3])
    #expect(records.refreshTokens.keys.sorted() == ["r2", "r3"])
  }

  @Test("a rotated refresh token is remembered for 30 days after its rotation, then forgotten")
  func pruneRotated() {
    var records = SandboxRecords()
    records.grants[1] = grant(deadline: now.addingTimeInterval(86_400 * 90))
    let retention = SandboxRecords.rotatedRetention
    records.refreshTokens["live"] = .init(grantID: 1, rotatedAt: nil)
    records.refreshTokens["recent"] = .init(
      grantID: 1, rotatedAt: now.addingTimeInterval(-retention + 1))
    records.refreshTokens["old"] = .init(grantID: 1, rotatedAt: now.addingTimeInterval(-retention))
    records.prune(now: now)
    #expect(records.refreshTokens.keys.sorted() == ["live", "recent"])
  }

  @Test("the ledger keeps the last 10,000 entries of every list")
  func pruneLedger() {
    var records = SandboxRecords()
    let many = (0..<10_005).map { "t\($0)" }
    records.ledger.accessTokensIssued = many
    records.ledger.reuseEvents = ["o"]
    records.prune(now: now)
    #expect(records.ledger.accessTokensIssued == Array(many.suffix(10_000)))
    #expect(records.ledger.reuseEvents == ["o"])
  }
}
