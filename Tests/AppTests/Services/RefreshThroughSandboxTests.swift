import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

@testable import App

@Suite("Refreshing against the sandbox")
struct RefreshThroughSandboxTests {
  func connected(_ settings: SandboxSettings = SandboxSettings(accessTTL: 5)) async throws -> (TestWorld, Account) {
    let world = try TestWorld(settings: settings)
    return (world, try await world.connect().account)
  }

  @Test("lifetimes come from each response and rotation kills the old refresh token")
  func rotation() async throws {
    let (world, account) = try await connected()
    #expect(account.accessLifetime == 5)
    let before = try world.store.tokens(account.openID)
    let refreshed = try await world.services.engine().refresh(account.openID).get()
    let after = try world.store.tokens(account.openID)
    #expect(after.refreshToken != before.refreshToken)
    #expect(refreshed.accessLifetime == 5)
    #expect(after.accessToken.reveal == world.sandbox.ledger().accessTokensIssued.last)
    // The old refresh token is dead at TikTok: presenting it is a reuse event.
    let client = try world.services.connectingApp().client
    await #expect(throws: DomainError.self) { _ = try await client.refresh(before.refreshToken) }
  }

  @Test("invalid_grant marks the account expired, without retry")
  func invalidGrant() async throws {
    let (world, account) = try await connected()
    world.sandbox.inject(.invalidGrant, endpoint: .token, count: 5)
    let result = await world.services.engine().refresh(account.openID)
    guard case .failure(.needsReconnect) = result else {
      Issue.record("expected needsReconnect, got \(result)")
      return
    }
    #expect(world.sandbox.ledger().count(.token) == 2)
    #expect(try world.store.account(account.openID)?.status == .expired)
  }

  @Test("a 5xx is retried in-process and the rotated pair comes")
  func serverErrorRetried() async throws {
    let (world, account) = try await connected()
    world.sandbox.inject(.httpStatus(503), endpoint: .token, count: 1)
    let refreshed = try await world.engine(at: 4).refreshIfDue(account.openID).get()
    #expect(refreshed.status == .active)
    #expect(world.sandbox.ledger().count(.token, status: 503) == 1)
    #expect(world.sandbox.ledger().refreshes[account.openID] == 1)
  }

  @Test("5xx until the deadline sets error with a next attempt after backoff and keeps the tokens")
  func serverError() async throws {
    let (world, account) = try await connected()
    let before = try world.store.tokens(account.openID)
    world.sandbox.inject(.httpStatus(503), endpoint: .token, count: 1000)
    _ = await world.engine(at: 4).refreshIfDue(account.openID, timeout: 2)
    let stored = try #require(try world.store.account(account.openID))
    #expect(stored.status == .error)
    #expect((stored.nextAttemptAt ?? .distantPast) > Date().addingTimeInterval(30))
    #expect(try world.store.tokens(account.openID) == before)
  }

  @Test("429 with Retry-After holds the token endpoint for everyone until then")
  func rateLimitedWithRetryAfter() async throws {
    let (world, account) = try await connected()
    world.sandbox.inject(.rateLimited(retryAfter: 120), endpoint: .token, count: 5)
    _ = await world.services.engine().refresh(account.openID)
    let hold = try #require(world.store.hold(for: TikTokEndpoint.token.rawValue, app: world.sandbox.settings.clientKey, now: Date()))
    #expect(hold > Date().addingTimeInterval(100))
    let calls = world.sandbox.ledger().count(.token)
    _ = await world.services.engine().refresh(account.openID)
    #expect(world.sandbox.ledger().count(.token) == calls)
  }

  @Test("a 429 on user info holds user info for another process too: it sends nothing")
  func userInfoHoldShared() async throws {
    let (world, account) = try await connected()
    world.sandbox.inject(.rateLimited(retryAfter: 120), endpoint: .userInfo, count: 5)
    _ = await world.services.accounts().sync(account.openID)
    let calls = world.sandbox.ledger().count(.userInfo)
    // Another process: its own services, client and rate limiter, on the same database.
    let other = Services(
      configuration: world.services.configuration, profile: "default",
      store: try Store.open(home: world.home, environmentKey: nil))
    let result = await other.accounts().sync(account.openID)
    guard case .failure(.rateLimited(let until)) = result else {
      Issue.record("expected rateLimited, got \(result)")
      return
    }
    #expect(until > Date().addingTimeInterval(100))
    #expect(world.sandbox.ledger().count(.userInfo) == calls)
  }

  @Test("a refresh asked for while the token is still good reports its failure without marking the account")
  func forcedFailureNotRecorded() async throws {
    let (world, account) = try await connected()
    world.sandbox.inject(.httpStatus(503), endpoint: .token, count: 1000)
    let result = await world.services.engine().refresh(account.openID, timeout: 1)
    guard case .failure = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(try world.store.account(account.openID)?.status == .active)
    #expect(try world.store.account(account.openID)?.leaseUntil == nil)
  }

  @Test("429 without Retry-After backs off with a stored next attempt")
  func rateLimitedWithoutRetryAfter() async throws {
    let (world, account) = try await connected()
    world.sandbox.inject(.rateLimited(retryAfter: nil), endpoint: .token, count: 1000)
    _ = await world.engine(at: 4).refreshIfDue(account.openID, timeout: 1)
    let stored = try #require(try world.store.account(account.openID))
    #expect(stored.status == .error)
    #expect((stored.nextAttemptAt ?? .distantPast) > Date().addingTimeInterval(30))
  }

  @Test("malformed refresh answers leave the stored tokens unchanged",
    arguments: [SandboxFault.malformedJSON, .truncatedJSON, .wrongTypes, .absurdNumbers(-1)])
  func malformed(_ fault: SandboxFault) async throws {
    let (world, account) = try await connected()
    let before = try world.store.tokens(account.openID)
    world.sandbox.inject(fault, endpoint: .token, count: 1)
    let result = await world.services.engine().refresh(account.openID)
    guard case .failure(.malformedResponse) = result else {
      Issue.record("expected malformedResponse, got \(result)")
      return
    }
    #expect(try world.store.tokens(account.openID) == before)
  }

  @Test("a refresh answer without refresh_token keeps the old one, which still works")
  func missingRefreshToken() async throws {
    let (world, account) = try await connected()
    let before = try world.store.tokens(account.openID)
    world.sandbox.inject(.missingRefreshToken, endpoint: .token, count: 1)
    _ = try await world.services.engine().refresh(account.openID).get()
    let after = try world.store.tokens(account.openID)
    #expect(after.refreshToken == before.refreshToken)
    #expect(after.accessToken != before.accessToken)
    _ = try await world.services.engine().refresh(account.openID).get()
    #expect(try world.store.tokens(account.openID).refreshToken != before.refreshToken)
  }
}
