import Domain
import Foundation
import Storage
import Testing

/// The engine in virtual time: every wait moves the test clock, so deadlines are exact.
@Suite("A refresh that is needed now retries passing failures within its deadline")
struct RefreshRetryTests {
  static let start = RefreshWorld.start
  static let unavailable = DomainError.tikTok(
    TikTokError(
      code: "temporarily_unavailable", message: "Please try again later.", logID: "L503",
      httpStatus: 503))
  let world: RefreshWorld
  let clock = TestClock(start: RefreshWorld.start)
  let processes = ScriptedProcesses(pid: 5151)

  init() throws {
    world = try RefreshWorld()
    try world.connect("a", remaining: -5)
  }

  func engine(_ refresher: ScriptedRefresher) -> RefreshEngine {
    world.engine(refresher, clock: clock, processes: processes)
  }

  @Test("two 503s, then the token: one run, three calls, the account active")
  func twoFailuresThenToken() async throws {
    let refresher = ScriptedRefresher([.failure(Self.unavailable), .failure(Self.unavailable)])
    #expect(await engine(refresher).validAccessToken("a") == .success(Secret("act.new3!1")))
    #expect(refresher.calls == Array(repeating: "rft.old-a!1", count: 3))
    // Full jitter pinned to 1: the ceilings of the first two backoffs, 0.5 s and 1 s.
    #expect(clock.now() == Self.start.addingTimeInterval(1.5))
    let account = try #require(try world.store.account("a"))
    #expect(account.status == .active && account.failureCount == 0)
  }

  @Test("503s until the deadline: the last error, the next attempt stored, no wait past the deadline")
  func failuresUntilDeadline() async throws {
    let refresher = ScriptedRefresher(Array(repeating: .failure(Self.unavailable), count: 50))
    #expect(await engine(refresher).validAccessToken("a", timeout: 20) == .failure(Self.unavailable))
    #expect(clock.now() <= Self.start.addingTimeInterval(20))
    // 0.5 + 1 + 2 + 4 + 8 s of backoff fit; a sixth retry would start too late.
    #expect(refresher.calls.count == 6)
    let account = try #require(try world.store.account("a"))
    #expect(account.status == .error)
    #expect(account.lastLogID == "L503")
    #expect((account.nextAttemptAt ?? .distantPast) > clock.now())
  }

  @Test("a 429 whose Retry-After ends within the deadline is waited out, then the token comes")
  func rateLimitedThenToken() async throws {
    let until = Self.start.addingTimeInterval(2)
    let refresher = ScriptedRefresher([.failure(.rateLimited(until: until))])
    #expect(await engine(refresher).refresh("a").map(\.status) == .success(.active))
    #expect(refresher.calls.count == 2)
    #expect(clock.now() == until)
  }

  @Test("a hold another process recorded is waited out when it ends within the deadline")
  func holdWaitedOut() async throws {
    world.store.record(TikTokEndpoint.token.rawValue, app: "key-a", until: Self.start.addingTimeInterval(5), reason: "429")
    let refresher = ScriptedRefresher()
    #expect(await engine(refresher).validAccessToken("a") == .success(Secret("act.new1!1")))
    #expect(clock.now() >= Self.start.addingTimeInterval(5))
    #expect(refresher.calls.count == 1)
  }

  @Test("a hold that ends after the deadline fails at once, without a request")
  func holdPastDeadline() async throws {
    let until = Self.start.addingTimeInterval(60)
    world.store.record(TikTokEndpoint.token.rawValue, app: "key-a", until: until, reason: "429")
    let refresher = ScriptedRefresher()
    #expect(await engine(refresher).validAccessToken("a") == .failure(.rateLimited(until: until)))
    #expect(refresher.calls.isEmpty)
    #expect(clock.now() == Self.start)
  }

  @Test("invalid_grant after a lost answer in the same run says the refresh was interrupted")
  func lostAnswerThenRefused() async throws {
    let refused = DomainError.tikTok(
      TikTokError(code: "invalid_grant", message: "Refresh token is invalid", httpStatus: 200))
    let refresher = ScriptedRefresher([.failure(.timedOut("the call")), .failure(refused)])
    guard case .failure(.needsReconnect(_, let reason)) = await engine(refresher).refresh("a")
    else {
      Issue.record("expected needsReconnect")
      return
    }
    #expect(reason.hasPrefix("a refresh was interrupted"))
    #expect(refresher.calls.count == 2)
    #expect(try world.store.account("a")?.status == .expired)
  }
}
