import Domain
import Foundation
import Sandbox
import Storage
import TUI
import TestSupport
import Testing

@testable import App

@Suite("Connecting by QR code through the sandbox")
struct QRLoginTests {
  /// A world whose QR codes live `qrTTL` seconds, and the account workflows on its services.
  private func setUp(tier: Tier = .pro, qrTTL: Int = 300) throws -> (TestWorld, AccountService) {
    let world = try TestWorld(tier: tier, settings: SandboxSettings(qrTTL: qrTTL))
    return (world, world.services.accounts())
  }

  /// The phone scans what we would draw.
  private func scan(_ world: TestWorld, _ session: QRSession) throws {
    _ = try world.sandbox.scanQR(token: session.token.reveal, scannedURL: session.scanURL).get()
  }

  private func confirm(_ world: TestWorld, _ session: QRSession) throws {
    try world.sandbox.confirmQR(token: session.token.reveal, accountID: "mayacooks").get()
  }

  @Test("a new code carries our client_ticket in TikTok's URL and polls as waiting every 2 s")
  func newCode() async throws {
    let (world, flow) = try setUp()
    var session = try await flow.startQR()
    #expect(session.scanURL.contains("client_ticket=\(session.login.clientTicket)&"))
    #expect(!session.scanURL.contains("tobefilled"))
    #expect(world.sandbox.ledger().qrTokensIssued == [session.token.reveal])
    #expect(await flow.pollQR(&session) == .success(.waiting))
    #expect(session.phase == .waiting)
    #expect(session.pollDelay == QRLoginAttempt.pollInterval)
  }

  @Test("scanned, then confirmed: the code is exchanged once and stored; then it is utilised")
  func scannedConfirmedUtilised() async throws {
    let (world, flow) = try setUp()
    var session = try await flow.startQR()
    try scan(world, session)
    #expect(await flow.pollQR(&session) == .success(.scanned))
    try confirm(world, session)
    let poll = await flow.pollQR(&session)
    guard case .success(.confirmed(let code, let redirectURI)) = poll else {
      Issue.record("expected confirmed, got \(poll)")
      return
    }
    #expect(redirectURI == world.sandbox.settings.qrRedirectURI)
    #expect(world.sandbox.ledger().codesIssued == [code.reveal])
    let result = try await flow.connectQR(code: code, redirectURI: redirectURI, session: session)
      .get()
    #expect(result == .added(result.account))
    #expect(result.account.username == "mayacooks")
    let stored = try world.store.tokens(result.account.openID)
    #expect(stored.accessToken.reveal == world.sandbox.ledger().accessTokensIssued.last)
    #expect(await flow.pollQR(&session) == .success(.utilised))
  }

  @Test("answers echoing another client_ticket are ignored: the phase stays and no code is used")
  func wrongTicketIgnored() async throws {
    let (world, flow) = try setUp()
    var session = try await flow.startQR()
    try scan(world, session)
    world.sandbox.inject(.wrongClientTicket, endpoint: .checkQRCode)
    #expect(await flow.pollQR(&session) == .success(.ignored("another ticket")))
    #expect(session.phase == .waiting)
    #expect(await flow.pollQR(&session) == .success(.scanned))
    try confirm(world, session)
    world.sandbox.inject(.wrongClientTicket, endpoint: .checkQRCode)
    #expect(await flow.pollQR(&session) == .success(.ignored("another ticket")))
    #expect(session.phase == .scanned)
    #expect(world.sandbox.ledger().count(.token) == 0)
    // TikTok handed the code to the forged answer; ours now says utilised.
    #expect(await flow.pollQR(&session) == .success(.utilised))
  }

  @Test("an expired code is replaced by a new one with its own token and ticket, which connects")
  func expiryAndRenewal() async throws {
    let (world, flow) = try setUp(qrTTL: 60)
    var first = try await flow.startQR()
    #expect(world.sandbox.advanceClock(by: 61))
    #expect(await flow.pollQR(&first) == .success(.expired))
    var second = try await flow.startQR()
    #expect(second.token != first.token)
    #expect(second.login.clientTicket != first.login.clientTicket)
    #expect(await flow.pollQR(&second) == .success(.waiting))
    try scan(world, second)
    try confirm(world, second)
    guard case .success(.confirmed(let code, let redirectURI)) = await flow.pollQR(&second) else {
      Issue.record("the new code was not confirmed")
      return
    }
    _ = try await flow.connectQR(code: code, redirectURI: redirectURI, session: second).get()
    #expect(try world.store.accounts(profile: "default").count == 1)
  }

  @Test("a decline on the phone keeps the code scanned until it expires")
  func declineStaysScanned() async throws {
    let (world, flow) = try setUp(qrTTL: 60)
    var session = try await flow.startQR()
    try scan(world, session)
    try world.sandbox.declineQR(token: session.token.reveal).get()
    #expect(await flow.pollQR(&session) == .success(.scanned))
    #expect(await flow.pollQR(&session) == .success(.scanned))
    #expect(world.sandbox.advanceClock(by: 61))
    #expect(await flow.pollQR(&session) == .success(.expired))
    #expect(world.sandbox.ledger().count(.token) == 0)
  }

  @Test("a code past its local lifetime is expired without asking TikTok")
  func localLifetime() async throws {
    let (world, _) = try setUp()
    let started = Date()
    var session = try await world.services.accounts(clock: { started }).startQR()
    #expect(session.expiresAt == started.addingTimeInterval(QRLoginAttempt.lifetime))
    let expiresAt = session.expiresAt
    let later = world.services.accounts(clock: { expiresAt })
    #expect(await later.pollQR(&session) == .success(.expired))
    #expect(session.phase == .expired)
    #expect(world.sandbox.ledger().count(.checkQRCode) == 0)
  }

  @Test("a 5xx answer is a transient failure that slows polling to 5 s; an answer restores 2 s")
  func transientFailure() async throws {
    let (world, flow) = try setUp()
    var session = try await flow.startQR()
    world.sandbox.inject(.httpStatus(503), endpoint: .checkQRCode)
    let poll = await flow.pollQR(&session)
    guard case .failure(let error) = poll else {
      Issue.record("expected a failure, got \(poll)")
      return
    }
    #expect(error.isTransient)
    #expect(session.pollDelay == QRLoginAttempt.errorPollInterval)
    #expect(await flow.pollQR(&session) == .success(.waiting))
    #expect(session.pollDelay == QRLoginAttempt.pollInterval)
  }

  @Test("TikTok refusing the poll outright is a failure waiting does not cure")
  func lastingFailure() async throws {
    let (world, flow) = try setUp()
    var session = try await flow.startQR()
    world.sandbox.inject(.invalidGrant, endpoint: .checkQRCode)
    let poll = await flow.pollQR(&session)
    guard case .failure(let error) = poll else {
      Issue.record("expected a failure, got \(poll)")
      return
    }
    #expect(!error.isTransient)
  }

  @Test("at the tier limit no QR code is asked for")
  func tierLimit() async throws {
    let (world, flow) = try setUp(tier: .free)
    _ = try await world.connect()
    await #expect(throws: DomainError.slotsFull(tier: .free)) { _ = try await flow.startQR() }
    #expect(world.sandbox.ledger().count(.getQRCode) == 0)
  }

  @Test("on the built-in sandbox the flow plays the phone: scan and confirm as the first account")
  func builtInSandboxApproves() async throws {
    let directory = TemporaryDirectory()
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    let services = Services(
      configuration: .from(environment: ["TRACTOK_HOME": home]), profile: "default", store: store)
    let flow = services.accounts()
    var session = try await flow.startQR()
    try services.approveInSandbox(session, account: nil).get()
    guard case .success(.confirmed(let code, let redirectURI)) = await flow.pollQR(&session) else {
      Issue.record("the sandbox's approval was not seen")
      return
    }
    let result = try await flow.connectQR(code: code, redirectURI: redirectURI, session: session)
      .get()
    #expect(result.account.openID == services.sandbox?.accounts.first?.openID)
  }

  @Test("without the built-in sandbox there is no phone to play")
  func noSandboxNoPhone() async throws {
    let (world, flow) = try setUp()
    let session = try await flow.startQR()
    guard case .failure(let error) = world.services.approveInSandbox(session, account: nil) else {
      Issue.record("approved without a sandbox")
      return
    }
    #expect(error == .failed("not running on the sandbox"))
    #expect(world.sandbox.ledger().count(.checkQRCode) == 0)
  }
}
