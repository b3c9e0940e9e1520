import Domain
import Foundation
import Testing

@Suite("Refresh gate: who may send the stored refresh token")
struct RefreshGateTests {
  static let now = Date(timeIntervalSince1970: 1_900_000_000)
  static let sender = ProcessIdentity(pid: 4242, startTime: 77)
  static let attempt = RefreshInFlight(
    sender: sender, owner: "A", tokenHash: "hash-1", deadline: now.addingTimeInterval(10))
  static let leaseA = RefreshLease(owner: "A", until: now.addingTimeInterval(20))
  static let leaseAExpired = RefreshLease(owner: "A", until: now.addingTimeInterval(-1))
  static let leaseC = RefreshLease(owner: "C", until: now.addingTimeInterval(20))
  static let noLease = RefreshLease(owner: nil, until: nil)

  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let lease: RefreshLease
    let inFlight: RefreshInFlight?
    let sender: ProcessState?
    let storedHash: String?
    var usesLease = true
    let expected: RefreshGate.Decision
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "nothing recorded, no lease: proceed", lease: noLease, inFlight: nil, sender: nil,
      storedHash: nil, expected: .proceed(interrupted: false)),
    Case(
      name: "another's live lease, nothing in flight: busy", lease: leaseC, inFlight: nil,
      sender: nil, storedHash: nil, expected: .busy(until: now.addingTimeInterval(20))),
    Case(
      name: "a running sender of the stored token: wait for it", lease: leaseA,
      inFlight: attempt, sender: .running, storedHash: "hash-1",
      expected: .inFlight(attempt, .running)),
    Case(
      name: "a stopped sender whose lease ran out: still wait for it", lease: leaseAExpired,
      inFlight: attempt, sender: .stopped, storedHash: "hash-1",
      expected: .inFlight(attempt, .stopped)),
    Case(
      name: "the sender has ended: its lease protects nothing, try the token, interrupted",
      lease: leaseA, inFlight: attempt, sender: .gone, storedHash: "hash-1",
      expected: .proceed(interrupted: true)),
    Case(
      name: "the sender has ended but a third process holds the lease: busy", lease: leaseC,
      inFlight: attempt, sender: .gone, storedHash: "hash-1",
      expected: .busy(until: now.addingTimeInterval(20))),
    Case(
      name: "a record about a token no longer stored (a reconnect) is moot", lease: noLease,
      inFlight: attempt, sender: .running, storedHash: "hash-2",
      expected: .proceed(interrupted: false)),
    Case(
      name: "without the lease (S2 control run) nothing is consulted", lease: leaseC,
      inFlight: attempt, sender: .running, storedHash: "hash-1", usesLease: false,
      expected: .proceed(interrupted: false)),
  ]

  @Test("decide", arguments: cases)
  func decide(_ test: Case) {
    let decision = RefreshGate.decide(
      caller: "B", lease: test.lease, inFlight: test.inFlight, sender: test.sender,
      storedTokenHash: test.storedHash, now: Self.now, usesLease: test.usesLease)
    #expect(decision == test.expected)
  }

  @Test("the caller's own record never makes it wait for itself")
  func ownRecord() {
    let decision = RefreshGate.decide(
      caller: "A", lease: Self.leaseA, inFlight: Self.attempt, sender: .running,
      storedTokenHash: "hash-1", now: Self.now, usesLease: true)
    #expect(decision == .proceed(interrupted: false))
  }

  @Test(
    "a request leaves only while the caller's own attempt is the one recorded",
    arguments: [
      (Optional(attempt), "A", true, true), (Optional(attempt), "B", true, false),
      (nil, "A", true, false), (nil, "A", false, true),
    ])
  func maySend(inFlight: RefreshInFlight?, caller: String, usesLease: Bool, expected: Bool) {
    #expect(RefreshGate.maySend(caller: caller, inFlight: inFlight, usesLease: usesLease) == expected)
  }

  @Test(
    "an answer is stored while the sent token is still the stored one, whatever the lease",
    arguments: [
      (true, StoredStatus.active, true), (true, .error, true), (true, .expired, true),
      (true, .revoked, false), (true, .overLimit, false), (false, .active, false),
      (false, .expired, false),
    ])
  func mayCommit(matches: Bool, status: StoredStatus, expected: Bool) {
    #expect(RefreshGate.mayCommit(storedTokenMatches: matches, status: status) == expected)
  }

  static func tikTok(_ code: String, _ message: String) -> DomainError {
    .tikTok(TikTokError(code: code, message: message, httpStatus: 200))
  }

  @Test(
    "which refusals end the grant, as what, and with which reason",
    arguments: [
      (tikTok("invalid_grant", "Refresh token is invalid"), false, StoredStatus.expired, false),
      (tikTok("invalid_grant", "Refresh token has been revoked"), false, .revoked, false),
      (tikTok("access_token_invalid", "The access token is invalid"), false, .expired, false),
      (tikTok("invalid_grant", "the authorization is revoked"), true, .expired, true),
    ])
  func deadGrant(error: DomainError, interrupted: Bool, status: StoredStatus, saysInterrupted: Bool)
    throws
  {
    let dead = try #require(RefreshGate.deadGrant(error, interrupted: interrupted))
    #expect(dead.status == status)
    #expect(dead.reason.contains(error.message))
    #expect(dead.reason.hasPrefix("a refresh was interrupted before its answer was stored") == saysInterrupted)
  }

  @Test(
    "failures that may pass do not end the grant",
    arguments: [
      tikTok("server_error", "boom"), DomainError.network("reset"), .timedOut("x"),
      .malformedResponse("x"),
    ])
  func notDead(error: DomainError) {
    #expect(RefreshGate.deadGrant(error, interrupted: true) == nil)
  }
}
