import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

/// RELIABILITY S4's first rows through the real binary: `token` retries passing failures of
/// TikTok in-process within its deadline.
@Suite("token retries 503s and 429s within its deadline (S4)")
struct TokenRetryTests {
  /// Maya connected with 60-s access tokens; `--min-valid 60` makes every `token` refresh.
  func world() throws -> SandboxWorld {
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: 60, rateLimit: 0))
    try world.connectAccounts(1)
    return world
  }

  func token(_ world: SandboxWorld, _ extra: [String] = []) throws -> ProcessResult {
    try world.run(["token", "@mayacooks", "--min-valid", "60"] + extra)
  }

  func isValid(_ world: SandboxWorld, _ printed: String) -> Bool {
    let token = printed.trimmingCharacters(in: .whitespacesAndNewlines)
    return world.sandbox.issuedAccessToken(token)?.isValid(at: Date()) == true
  }

  @Test("after two 503s it prints a valid token and exits 0")
  func twoServiceUnavailable() throws {
    let world = try world()
    world.sandbox.inject(.httpStatus(503), endpoint: .token, count: 2)
    let result = try token(world)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(isValid(world, result.stdout))
    #expect(world.sandbox.ledger().count(.token, status: 503) == 2)
    #expect(world.sandbox.ledger().reuseEvents.isEmpty)
  }

  @Test("after a 429 with Retry-After: 2 it prints a valid token and exits 0")
  func rateLimited() throws {
    let world = try world()
    world.sandbox.inject(.rateLimited(retryAfter: 2), endpoint: .token, count: 1)
    let result = try token(world)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(isValid(world, result.stdout))
    #expect(world.sandbox.ledger().rateLimitedResponses == 1)
  }

  @Test("503s for longer than --timeout: exit 1 within the deadline plus 1 s, with the last error and the next attempt")
  func deadline() throws {
    // Two-second tokens are due a second after they are issued, so the failure is recorded.
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: 2, rateLimit: 0))
    try world.connectAccounts(1)
    let store = try Store.open(home: world.home, environmentKey: nil)
    let policy = RefreshPolicy()
    #expect(eventually(timeout: 10) {
      (try? store.allAccounts().first.map { policy.isDue($0, at: Date()) }) == true
    })
    world.sandbox.inject(.httpStatus(503), endpoint: .token, count: 1000)
    let started = Date()
    let result = try world.run(["token", "@mayacooks", "--timeout", "3"])
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 1)
    #expect(elapsed <= 4, "exited after \(elapsed) s")
    #expect(result.stderr.contains("temporarily_unavailable"))
    #expect(result.stderr.contains("next attempt after"))
    #expect(world.sandbox.ledger().count(.token, status: 503) >= 2)
    #expect(try store.allAccounts().first?.status == .error)
  }
}
