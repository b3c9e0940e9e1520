import Domain
import Foundation
import Storage
import Synchronization
import TestSupport
import Testing

/// Counts refresher calls and answers with a scripted result.
final class ScriptedRefresher: Sendable {
  private let state = Mutex<(calls: [String], answers: [Result<RotatedTokens, DomainError>])>(
    ([], []))

  init(_ answers: [Result<RotatedTokens, DomainError>] = []) {
    state.withLock { $0.answers = answers }
  }

  var calls: [String] { state.withLock { $0.calls } }

  /// Like the client: asks `maySend` first, and sends nothing when told no.
  func call(_ request: RefreshRequest) async -> Result<RotatedTokens, DomainError> {
    guard request.maySend() else { return .failure(.cancelled) }
    let answer = state.withLock { state -> Result<RotatedTokens, DomainError> in
      state.calls.append(request.refreshToken.reveal)
      let number = state.calls.count
      return state.answers.isEmpty
        ? .success(RefreshWorld.rotated(number)) : state.answers.removeFirst()
    }
    await Task.yield()
    return answer
  }
}

@Suite("Refresh engine on a real database")
struct RefreshEngineTests {
  static let start = RefreshWorld.start
  let world: RefreshWorld
  var store: Store { world.store }

  static func rotated(_ number: Int, refresh: Bool = true) -> RotatedTokens {
    RefreshWorld.rotated(number, refresh: refresh)
  }

  init() throws { world = try RefreshWorld() }

  func connect(
    _ openID: String, remaining: TimeInterval, refreshRemaining: TimeInterval = 86400 * 200
  ) throws {
    try world.connect(openID, remaining: remaining, refreshRemaining: refreshRemaining)
  }

  func engine(
    _ refresher: ScriptedRefresher, store: Store? = nil, at now: Date = start,
    observe: @escaping RefreshEngine.Observer = { _ in }
  ) -> RefreshEngine {
    RefreshEngine(
      store: store ?? self.store, policy: RefreshPolicy(), refresher: refresher.call,
      backoff: { attempt in Double(attempt) * 60 }, observe: observe, clock: { now })
  }

  /// The store's view of processes for direct calls: the real one.
  static let processes = SystemProcessTable()

  @Test("a fresh token is returned without calling TikTok")
  func freshNoCall() async throws {
    try connect("a", remaining: 3600)
    let refresher = ScriptedRefresher()
    let token = await engine(refresher).validAccessToken("a")
    #expect(token == .success(Secret("act.old-a!1")))
    #expect(refresher.calls.isEmpty)
  }

  @Test("a token inside the refresh margin is refreshed once and the rotated pair is stored")
  func dueRefreshes() async throws {
    try connect("a", remaining: 300)
    let refresher = ScriptedRefresher()
    let token = await engine(refresher).validAccessToken("a")
    #expect(token == .success(Secret("act.new1!1")))
    #expect(refresher.calls == ["rft.old-a!1"])
    let stored = try store.tokens("a")
    #expect(stored.refreshToken == Secret("rft.new1!1"))
    #expect(try store.account("a")?.accessExpiresAt == Self.start.addingTimeInterval(7200))
    #expect(await engine(refresher).validAccessToken("a") == .success(Secret("act.new1!1")))
    #expect(refresher.calls.count == 1)
  }

  @Test("--min-valid longer than the time left forces a refresh of a token that is not yet due")
  func minimumValidity() async throws {
    try connect("a", remaining: 3600)
    let refresher = ScriptedRefresher()
    #expect(
      await engine(refresher).validAccessToken("a", minimumValidity: 5000)
        == .success(Secret("act.new1!1")))
    #expect(refresher.calls.count == 1)
  }

  @Test("many concurrent callers on two connections cause exactly one token call")
  func oneCallForConcurrentCallers() async throws {
    try connect("a", remaining: 60)
    let second = try Store.open(home: world.directory.file("home"), environmentKey: nil)
    let refresher = ScriptedRefresher()
    let engines = [engine(refresher), engine(refresher, store: second)]
    let tokens = await withTaskGroup(of: Result<Secret, DomainError>.self) { group in
      for index in 0..<12 { group.addTask { await engines[index % 2].validAccessToken("a") } }
      return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(refresher.calls.count == 1)
    #expect(tokens.allSatisfy { $0 == .success(Secret("act.new1!1")) })
  }

  @Test("invalid_grant marks the account expired without retry; its events are looked at once")
  func invalidGrant() async throws {
    try connect("a", remaining: 60)
    try connect("b", remaining: 60)
    let dead = DomainError.tikTok(
      TikTokError(
        code: "invalid_grant", message: "Refresh token is invalid", logID: "L1", httpStatus: 200))
    let refresher = ScriptedRefresher([.failure(dead)])
    let notified = Mutex<[String]>([])
    let engine = engine(
      refresher, observe: { openID in notified.withLock { $0.append(openID) } })
    let first = await engine.validAccessToken("a")
    guard case .failure(.needsReconnect) = first else {
      Issue.record("expected needsReconnect, got \(first)")
      return
    }
    let account = try #require(try store.account("a"))
    #expect(account.status == .expired)
    #expect(account.lastLogID == "L1")
    let second = await engine.validAccessToken("a")
    guard case .failure(.needsReconnect) = second else {
      Issue.record("expected needsReconnect, got \(second)")
      return
    }
    #expect(refresher.calls.count == 1)
    #expect(notified.withLock { $0 } == ["a"])
    #expect(await engine.validAccessToken("b") == .success(Secret("act.new2!1")))
  }

  @Test(
    "a transient failure stores the error and the next attempt; the caller and those before the next attempt get the still-valid token"
  )
  func transientBackoff() async throws {
    try connect("a", remaining: 300)
    let failure = DomainError.tikTok(
      TikTokError(code: "internal_error", message: "boom", logID: "L2", httpStatus: 500))
    let refresher = ScriptedRefresher([.failure(failure)])
    // No time for in-process retries: the failure is the account's, but the stored token
    // still lasts, so the caller gets it rather than an error.
    #expect(await engine(refresher).validAccessToken("a", timeout: 0) == .success(Secret("act.old-a!1")))
    let account = try #require(try store.account("a"))
    #expect(account.status == .error)
    #expect(account.nextAttemptAt == Self.start.addingTimeInterval(60))
    #expect(account.failureCount == 1)
    #expect(
      account.displayStatus(at: Self.start) == .expiring
        || account.displayStatus(at: Self.start) == .error)
    #expect(
      await engine(refresher, at: Self.start.addingTimeInterval(30)).validAccessToken("a")
        == .success(Secret("act.old-a!1")))
    #expect(refresher.calls.count == 1)
    #expect(try store.tokens("a").refreshToken == Secret("rft.old-a!1"))
    #expect(
      await engine(refresher, at: Self.start.addingTimeInterval(61)).validAccessToken("a")
        == .success(Secret("act.new2!1")))
    #expect(try store.account("a")?.status == .active)
  }

  @Test("a 429 makes the account wait until the time TikTok gave, serving the still-valid token")
  func rateLimitWaits() async throws {
    try connect("a", remaining: 300)
    // Later than the engine's own backoff (60 s here): TikTok's time wins.
    let until = Self.start.addingTimeInterval(90)
    let refresher = ScriptedRefresher([.failure(.rateLimited(until: until))])
    _ = await engine(refresher).validAccessToken("a")
    #expect(try store.account("a")?.nextAttemptAt == until)
    let before = await engine(refresher, at: Self.start.addingTimeInterval(70)).validAccessToken("a")
    #expect(before == .success(Secret("act.old-a!1")))
    #expect(refresher.calls.count == 1)
    #expect(
      await engine(refresher, at: Self.start.addingTimeInterval(91)).validAccessToken("a")
        == .success(Secret("act.new2!1")))
  }

  @Test("a hold another process recorded for the token endpoint keeps every account waiting")
  func sharedHoldRespected() async throws {
    try connect("b", remaining: 30)
    store.record(TikTokEndpoint.token.rawValue, app: "key-a", until: Self.start.addingTimeInterval(45), reason: "429")
    let refresher = ScriptedRefresher()
    let held = await engine(refresher, at: Self.start.addingTimeInterval(10)).validAccessToken("b")
    #expect(held == .success(Secret("act.old-b!1")))
    #expect(refresher.calls.isEmpty)
  }

  @Test("a refresh answer without refresh_token keeps the old refresh token")
  func missingRefreshTokenKept() async throws {
    try connect("a", remaining: 60)
    let refresher = ScriptedRefresher([.success(Self.rotated(1, refresh: false))])
    #expect(await engine(refresher).validAccessToken("a") == .success(Secret("act.new1!1")))
    #expect(try store.tokens("a").refreshToken == Secret("rft.old-a!1"))
  }

  @Test("a malformed answer leaves the stored tokens unchanged")
  func malformedKeepsTokens() async throws {
    try connect("a", remaining: 60)
    let refresher = ScriptedRefresher([.failure(.malformedResponse("expires_in is not a number"))])
    _ = await engine(refresher).validAccessToken("a")
    let tokens = try store.tokens("a")
    #expect(tokens.accessToken == Secret("act.old-a!1"))
    #expect(tokens.refreshToken == Secret("rft.old-a!1"))
    #expect(try store.account("a")?.status == .error)
  }

  @Test("a lease left by a process that has ended is taken over at once, its token tried as interrupted")
  func deadLeaseTakenOver() async throws {
    try connect("a", remaining: 60)
    let deadline = Self.start.addingTimeInterval(20)
    let start = try store.beginRefresh(
      "a", owner: "dead", now: Self.start, policy: RefreshPolicy(), minimumValidity: 0,
      force: false, processes: ScriptedProcesses(pid: 4242), deadline: deadline)
    guard case .leased = start else {
      Issue.record("expected a lease, got \(start)")
      return
    }
    // One second later, well inside the 30-s lease; pid 4242 has ended.
    let next = try store.beginRefresh(
      "a", owner: "other", now: Self.start.addingTimeInterval(1), policy: RefreshPolicy(),
      minimumValidity: 0, force: false, processes: ScriptedProcesses(pid: 5151),
      deadline: deadline)
    guard case .leased(let tokens, _) = next else {
      Issue.record("expected the lease, got \(next)")
      return
    }
    #expect(tokens.interrupted)
    #expect(tokens.refreshToken == Secret("rft.old-a!1"))
  }

  @Test("a refresh token past its end marks the account expired without calling TikTok")
  func grantEnded() async throws {
    try connect("a", remaining: 60, refreshRemaining: -1)
    let refresher = ScriptedRefresher()
    let result = await engine(refresher).validAccessToken("a")
    guard case .failure(.needsReconnect) = result else {
      Issue.record("expected needsReconnect, got \(result)")
      return
    }
    #expect(refresher.calls.isEmpty)
    #expect(try store.account("a")?.status == .expired)
  }

  @Test("an over-limit account is not refreshed and gives no token")
  func overLimit() async throws {
    try connect("a", remaining: 60)
    try connect("b", remaining: 60)
    try store.setTier(.free, profile: "default", now: Date())
    let refresher = ScriptedRefresher()
    #expect(await engine(refresher).validAccessToken("b") == .failure(.overLimit(account: "@b")))
    #expect(refresher.calls.isEmpty)
  }

  @Test("the lease is renewed while a slow call runs, and its attempt in flight keeps others from sending")
  func leaseRenewedDuringSlowCall() async throws {
    try connect("a", remaining: 60)
    // The test moves the clock and lets the renewal loop take one step at a time.
    let now = Mutex(Self.start)
    let steps = Mutex(0)
    let answer = Mutex(false)
    let slow = RefreshEngine(
      store: store, policy: RefreshPolicy(),
      refresher: { _ in
        while !answer.withLock({ $0 }) { try? await Task.sleep(nanoseconds: 5_000_000) }
        return .success(Self.rotated(1))
      },
      backoff: { _ in 60 }, clock: { now.withLock { $0 } },
      pause: { _ in
        while steps.withLock({ $0 }) == 0 {
          if Task.isCancelled { return }
          try? await Task.sleep(nanoseconds: 5_000_000)
        }
        steps.withLock { $0 -= 1 }
      })
    let call = Task { await slow.validAccessToken("a") }
    // Generous: with every suite running at once, the task may wait long for a pool thread.
    let leased = await offPool {
      eventually(timeout: 60) { (try? self.store.account("a"))??.leaseUntil != nil }
    }
    #expect(leased)
    now.withLock { $0 = Self.start.addingTimeInterval(20) }
    steps.withLock { $0 = 1 }
    let renewed = await offPool {
      eventually {
        ((try? self.store.account("a"))??.leaseUntil ?? .distantPast) >= Self.start.addingTimeInterval(50)
      }
    }
    #expect(renewed)
    // Past the first lease's end, another process finds the attempt in flight from this one.
    let other = try store.beginRefresh(
      "a", owner: "other", now: Self.start.addingTimeInterval(35), policy: RefreshPolicy(),
      minimumValidity: 0, force: true, processes: Self.processes, deadline: Self.start.addingTimeInterval(20))
    answer.withLock { $0 = true }
    guard case .inFlight(let attempt, .running, _) = other else {
      Issue.record("another process may send the token of a running call: \(other)")
      return
    }
    #expect(attempt.sender == Self.processes.current)
    #expect(await call.value == .success(Secret("act.new1!1")))
  }

  @Test("a failure that arrives after another refresh stored new tokens changes nothing")
  func lateFailureIgnored() throws {
    try connect("a", remaining: 60)
    let start = try store.beginRefresh(
      "a", owner: "slow", now: Self.start, policy: RefreshPolicy(), minimumValidity: 0, force: false,
      processes: Self.processes, deadline: Self.start.addingTimeInterval(20))
    guard case .leased(let tokens, _) = start else {
      Issue.record("expected a lease, got \(start)")
      return
    }
    // Another process refreshed meanwhile (generation moved on).
    _ = try store.completeRefresh(
      "a", owner: "fast", sent: tokens, tokens: Self.rotated(1), now: Self.start)
    let dead = DomainError.tikTok(TikTokError(code: "invalid_grant", message: "used", httpStatus: 200))
    let account = try store.failRefresh(
      "a", owner: "slow", generation: tokens.generation, failure: .grantDead(dead, status: .revoked, reason: dead.message),
      now: Self.start)
    #expect(account.status == .active)
    #expect(try store.tokens("a").accessToken == Secret("act.new1!1"))
  }
}
