import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TUI
import TestSupport

@testable import App

@Suite("Disconnecting accounts")
struct DisconnectTests {
  @Test("disconnect revokes at TikTok, deletes the account and frees its slot")
  func disconnectRevokes() async throws {
    let world = try TestWorld(tier: .free)
    let account = try await world.connect().account
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(report == DisconnectReport(revoked: true, revokeError: nil, willRetry: false))
    #expect(world.sandbox.ledger().revocations.count == 1)
    #expect(try world.store.account(account.openID) == nil)
    #expect(throws: Never.self) { try world.services.accounts().checkCanConnect() }
  }

  @Test("when the revoke fails on the network the account is still deleted and the revoke is retried later")
  func revokeFailsThenRetried() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    world.sandbox.inject(.httpStatus(503), endpoint: .revoke, count: 10)
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(report.revoked == false)
    #expect(report.willRetry)
    #expect(report.revokeError != nil)
    #expect(try world.store.account(account.openID) == nil)
    #expect(try world.store.pendingRevocationCount() == 1)
    world.sandbox.clearFaults()
    await world.services.accounts(clock: { Date().addingTimeInterval(3600) }).retryPendingRevocations()
    #expect(try world.store.pendingRevocationCount() == 0)
    #expect(world.sandbox.ledger().revocations.count == 1)
  }

  @Test("disconnecting an account whose grant TikTok already withdrew says so, without an error")
  func alreadyRevoked() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    let tokens = try world.store.tokens(account.openID)
    #expect(try await world.services.connectingApp().client.revoke(tokens.accessToken) == .revoked)
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(report == DisconnectReport(revoked: false, alreadyRevoked: true))
    #expect(report.summary == "It was already revoked at TikTok; removed here.")
    #expect(try world.store.account(account.openID) == nil)
    #expect(try world.store.pendingRevocationCount() == 0)
  }

  @Test("a revoke TikTok refuses (not a network failure) still deletes locally and is not retried")
  func revokeRefused() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    world.sandbox.inject(.invalidGrant, endpoint: .revoke, count: 1)
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(try world.store.account(account.openID) == nil)
    #expect(report.willRetry == false)
    #expect(try world.store.pendingRevocationCount() == 0)
  }

  @Test("disconnecting an account whose access token expired refreshes first, then revokes")
  func refreshBeforeRevoke() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    try world.expireAccessToken(account)
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(report.revoked)
    let ledger = world.sandbox.ledger()
    #expect(ledger.refreshes[account.openID] == 1)
    #expect(ledger.revocations.count == 1)
    // Refreshed before the revoke, not after a revoke TikTok refused.
    #expect(ledger.count(.revoke) == 1)
  }

  @Test("a queued revoke whose access token has expired refreshes first, then really revokes")
  func queuedRevokeAfterExpiry() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    world.sandbox.inject(.httpStatus(503), endpoint: .revoke, count: 10)
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(report.willRetry)
    world.sandbox.clearFaults()
    // The queued access token's lifetime passes at TikTok.
    #expect(world.sandbox.advanceClock(by: account.accessExpiresAt.timeIntervalSinceNow + 60))
    let refreshesBefore = world.sandbox.ledger().refreshes[account.openID] ?? 0
    await world.services.accounts(clock: { Date().addingTimeInterval(3600) }).retryPendingRevocations()
    let ledger = world.sandbox.ledger()
    #expect(ledger.revocations.count == 1)
    #expect((ledger.refreshes[account.openID] ?? 0) == refreshesBefore + 1)
    #expect(try world.store.pendingRevocationCount() == 0)
  }

  @Test("tokens that no longer open are reported, not silently skipped")
  func undecryptableTokensReported() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    // Flip the sealed tokens' bytes behind the store's back, as a damaged disk would.
    let sqlite = try Spawn.run(
      "/usr/bin/sqlite3",
      [world.store.databasePath, "UPDATE accounts SET access_token = zeroblob(60), refresh_token = zeroblob(60)"])
    #expect(sqlite.status == 0)
    let report = try await world.services.accounts().disconnect(account.openID).get()
    #expect(report.revoked == false)
    #expect(report.revokeError != nil)
    #expect(try world.store.account(account.openID) == nil)
  }
}
