import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

@testable import App

@Suite("TikTok faults during exchange, user info, sync and revoke (RELIABILITY S4)")
struct FaultTableTests {
  /// Runs a browser flow with `fault` injected on `endpoint` and returns the connect result.
  func connect(with fault: SandboxFault, on endpoint: SandboxEndpoint, count: Int = 1) async throws
    -> (TestWorld, Result<ConnectResult, DomainError>)
  {
    let world = try TestWorld()
    let callback = try await world.callback()
    world.sandbox.inject(fault, endpoint: endpoint, count: count)
    return (world, await world.services.accounts().connect(callback))
  }

  @Test("a 5xx on the code exchange is retried in-process (TikTok answered that it failed) and the connect succeeds",
    arguments: [500, 502, 503])
  func exchange5xx(_ status: Int) async throws {
    let (world, result) = try await connect(with: .httpStatus(status), on: .token)
    #expect((try? result.get()) != nil, "\(result)")
    #expect(world.sandbox.ledger().count(.token) == 2)
    #expect(try world.store.accounts(profile: "default").count == 1)
  }

  @Test("5xx on every exchange attempt fails the connect with nothing stored")
  func exchange5xxKeepsFailing() async throws {
    let (world, result) = try await connect(with: .httpStatus(503), on: .token, count: 100)
    guard case .failure(let error) = result, error.isTransient else {
      Issue.record("expected a transient failure, got \(result)")
      return
    }
    // TestWorld's client makes three attempts.
    #expect(world.sandbox.ledger().count(.token) == 3)
    #expect(try world.store.accounts(profile: "default").isEmpty)
  }

  @Test("malformed, truncated, mistyped or absurd exchange answers are rejected with a clear error and nothing stored",
    arguments: [SandboxFault.malformedJSON, .truncatedJSON, .wrongTypes, .absurdNumbers(-5), .absurdNumbers(1_000_000_000_000_000)])
  func exchangeGarbled(_ fault: SandboxFault) async throws {
    let (world, result) = try await connect(with: fault, on: .token)
    guard case .failure(.malformedResponse(let detail)) = result else {
      Issue.record("expected malformedResponse, got \(result)")
      return
    }
    #expect(!detail.isEmpty)
    #expect(try world.store.accounts(profile: "default").isEmpty)
  }

  @Test("an OAuth error that arrives with HTTP 200 is treated as the error it is")
  func errorWith200() async throws {
    let (world, result) = try await connect(with: .errorWithStatus200, on: .token)
    guard case .failure(.tikTok(let error)) = result else {
      Issue.record("expected a TikTok error, got \(result)")
      return
    }
    #expect(error.httpStatus == 200)
    #expect(try world.store.accounts(profile: "default").isEmpty)
  }

  @Test("user info 5xx is retried with backoff and the connect then succeeds")
  func userInfoRetried() async throws {
    let (world, result) = try await connect(with: .httpStatus(502), on: .userInfo, count: 2)
    #expect((try? result.get()) != nil)
    #expect(world.sandbox.ledger().count(.userInfo) == 3)
  }

  @Test("user info failing every attempt fails the connect with nothing stored")
  func userInfoKeepsFailing() async throws {
    let (world, result) = try await connect(with: .httpStatus(500), on: .userInfo, count: 10)
    guard case .failure = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(try world.store.accounts(profile: "default").isEmpty)
  }

  @Test("access_token_invalid on a sync gets one refresh and one retry, then the account is expired")
  func accessTokenInvalidTwice() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    world.sandbox.inject(.accessTokenInvalid, endpoint: .userInfo, count: 2)
    let result = await world.services.accounts().sync(account.openID)
    guard case .failure(.needsReconnect) = result else {
      Issue.record("expected needsReconnect, got \(result)")
      return
    }
    let ledger = world.sandbox.ledger()
    #expect(ledger.refreshes[account.openID] == 1)
    #expect(ledger.count(.userInfo) == 3)
    #expect(try world.store.account(account.openID)?.status == .expired)
  }

  @Test("access_token_invalid once on a sync is healed by one refresh and one retry")
  func accessTokenInvalidOnce() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    world.sandbox.inject(.accessTokenInvalid, endpoint: .userInfo, count: 1)
    let synced = try await world.services.accounts().sync(account.openID).get()
    #expect(synced.account.status == .active)
    #expect(world.sandbox.ledger().refreshes[account.openID] == 1)
  }

  @Test("scope_not_authorized is shown and not retried")
  func scopeNotAuthorized() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    let before = world.sandbox.ledger().count(.userInfo)
    world.sandbox.inject(.scopeNotAuthorized, endpoint: .userInfo, count: 1)
    let result = await world.services.accounts().sync(account.openID)
    guard case .failure(.tikTok(let error)) = result else {
      Issue.record("expected scope_not_authorized, got \(result)")
      return
    }
    #expect(error.code == "scope_not_authorized")
    #expect(world.sandbox.ledger().count(.userInfo) == before + 1)
    #expect(try world.store.account(account.openID)?.lastError?.contains("scope_not_authorized") == true)
  }

  @Test("no issued code or token appears in the request log")
  func noSecretsInLog() async throws {
    let world = try TestWorld()
    let account = try await world.connect().account
    _ = await world.services.engine().refresh(account.openID)
    _ = await world.services.accounts().disconnect(account.openID)
    let log = try String(contentsOfFile: "\(world.home)/tractok.log", encoding: .utf8)
    #expect(log.contains("/v2/oauth/token/"))
    let secrets = world.issuedSecrets + [world.sandbox.settings.clientSecret]
    #expect(secrets.count >= 5)
    for secret in secrets { #expect(!log.contains(secret)) }
  }
}
