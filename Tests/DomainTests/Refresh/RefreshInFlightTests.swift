import Domain
import Foundation
import Storage
import Synchronization
import Testing

/// One test plays two processes on one database: A (pid 4242) records its attempt in flight as
/// it does right before its request leaves; B (pid 5151) is the engine under test.
@Suite("A refresh token in flight is never sent again while its sender lives")
struct RefreshInFlightTests {
  static let start = RefreshWorld.start
  static let processA = ScriptedProcesses(pid: 4242)
  let world: RefreshWorld
  var store: Store { world.store }

  init() throws {
    world = try RefreshWorld()
    try world.connect("a", remaining: 60)
  }

  /// Process B, seeing A as `a` (nil: A has ended).
  func processB(_ a: ProcessState?) -> ScriptedProcesses {
    ScriptedProcesses(pid: 5151, states: a.map { [4242: $0] } ?? [:])
  }

  func sendAsA(at now: Date = start) throws -> LeasedTokens {
    try #require(try world.sendAsOtherProcess("a", owner: "A", processes: Self.processA, at: now))
  }

  @Test(
    "another process finds the attempt of a stopped sender past its lease, waits, and fails naming it; nothing is marked"
  )
  func waitsForStoppedSender() async throws {
    _ = try sendAsA()
    let refresher = ScriptedRefresher()
    let clock = TestClock(start: Self.start.addingTimeInterval(40))
    let engine = world.engine(refresher, clock: clock, processes: processB(.stopped))
    let expected = DomainError.refreshInFlight(account: "@a", pid: 4242, stopped: true)
    #expect(await engine.validAccessToken("a", timeout: 3) == .failure(expected))
    #expect(await engine.refresh("a", timeout: 3) == .failure(expected))
    #expect(clock.now() >= Self.start.addingTimeInterval(46))
    #expect(refresher.calls.isEmpty)
    let account = try #require(try store.account("a"))
    #expect(account.status == .active)
    #expect(account.lastError == nil && account.nextAttemptAt == nil && account.failureCount == 0)
    #expect(expected.message.contains("kill -CONT 4242"))
  }

  @Test("the sender's late answer is stored after its lease ran out, and then everyone gets it")
  func lateAnswerKept() async throws {
    let sent = try sendAsA()
    let late = Self.start.addingTimeInterval(45)
    let (account, token) = try store.completeRefresh(
      "a", owner: "A", sent: sent, tokens: RefreshWorld.rotated(1), now: late)
    #expect(token == Secret("act.new1!1"))
    #expect(account.status == .active)
    #expect(try store.tokens("a").refreshToken == Secret("rft.new1!1"))
    let refresher = ScriptedRefresher()
    let engine = world.engine(
      refresher, clock: TestClock(start: late), processes: processB(.running))
    #expect(await engine.validAccessToken("a", timeout: 1) == .success(Secret("act.new1!1")))
    #expect(refresher.calls.isEmpty)
  }

  @Test("an answer for a token that is no longer stored is not written over the newer pair")
  func staleAnswerDropped() async throws {
    let sent = try sendAsA()
    try store.releaseLease("a", owner: "A")
    let refresher = ScriptedRefresher()
    let engine = world.engine(refresher, clock: TestClock(start: Self.start), processes: processB(nil))
    #expect(await engine.refresh("a", timeout: 1).map(\.status) == .success(.active))
    _ = try store.completeRefresh(
      "a", owner: "A", sent: sent, tokens: RefreshWorld.rotated(9), now: Self.start)
    #expect(try store.tokens("a").refreshToken == Secret("rft.new1!1"))
  }

  @Test("once the sender has ended, the stored token is tried once and a refusal says the refresh was interrupted")
  func endedSenderInterrupted() async throws {
    _ = try sendAsA()
    let reused = DomainError.tikTok(
      TikTokError(
        code: "invalid_grant",
        message: "Refresh token has already been used; the authorization is revoked.",
        httpStatus: 200))
    let refresher = ScriptedRefresher([.failure(reused)])
    let engine = world.engine(
      refresher, clock: TestClock(start: Self.start.addingTimeInterval(1)),
      processes: processB(nil))
    guard case .failure(.needsReconnect(_, let reason)) = await engine.validAccessToken("a") else {
      Issue.record("expected needsReconnect")
      return
    }
    #expect(reason.contains("interrupted"))
    #expect(refresher.calls == ["rft.old-a!1"])
    let account = try #require(try store.account("a"))
    #expect(account.status == .expired)
    #expect(account.statusReason?.hasPrefix("a refresh was interrupted") == true)
    guard case .failure(.needsReconnect) = await engine.refresh("a") else {
      Issue.record("an expired account must not be refreshed again")
      return
    }
    #expect(refresher.calls.count == 1)
  }

  @Test("once the sender has ended, a token TikTok never saw refreshes normally, at once")
  func endedSenderNeverSent() async throws {
    _ = try sendAsA()
    let refresher = ScriptedRefresher()
    let clock = TestClock(start: Self.start.addingTimeInterval(1))
    let engine = world.engine(refresher, clock: clock, processes: processB(nil))
    #expect(await engine.validAccessToken("a") == .success(Secret("act.new1!1")))
    // A's lease had 29 s left: an ended process's lease is not waited for.
    #expect(clock.now() == Self.start.addingTimeInterval(1))
    // Nothing is left in flight: a process seeing pid 4242 alive does not wait.
    let third = try store.beginRefresh(
      "a", owner: "C", now: clock.now(), policy: RefreshPolicy(), minimumValidity: 0,
      force: true, processes: processB(.running), deadline: clock.now().addingTimeInterval(20))
    guard case .leased = third else {
      Issue.record("expected a lease, got \(third)")
      return
    }
  }

  @Test("an attempt whose record was replaced before its request left (a reconnect) sends nothing, then serves the new grant")
  func replacedBeforeSending() async throws {
    let world = self.world
    let sent = Mutex<[String]>([])
    let engine = RefreshEngine(
      store: store, policy: RefreshPolicy(),
      refresher: { request in
        // The user reconnects the account while this request waits to leave.
        try? world.connect("a", remaining: 3600)
        guard request.maySend() else { return .failure(.cancelled) }
        sent.withLock { $0.append(request.refreshToken.reveal) }
        return .success(RefreshWorld.rotated(1))
      },
      backoff: { _ in 60 }, processes: processB(nil), clock: { Self.start })
    #expect(await engine.validAccessToken("a") == .success(Secret("act.old-a!1")))
    #expect(sent.withLock { $0 }.isEmpty)
    let account = try #require(try store.account("a"))
    #expect(account.status == .active && account.lastError == nil)
  }

  @Test("releasing leaves another run's attempt in flight alone")
  func releaseOwnOnly() async throws {
    _ = try sendAsA()
    try store.releaseLease("a", owner: "B")
    let running = processB(.running)
    let kept = try store.beginRefresh(
      "a", owner: "B", now: Self.start, policy: RefreshPolicy(), minimumValidity: 0, force: true,
      processes: running, deadline: Self.start.addingTimeInterval(20))
    guard case .inFlight(let attempt, .running, _) = kept else {
      Issue.record("expected the attempt in flight, got \(kept)")
      return
    }
    #expect(attempt.sender == Self.processA.current)
    #expect(attempt.tokenHash == OpenSSLDigest().hexSHA256("rft.old-a!1"))
    try store.releaseLease("a", owner: "A")
    let free = try store.beginRefresh(
      "a", owner: "B", now: Self.start, policy: RefreshPolicy(), minimumValidity: 0, force: true,
      processes: running, deadline: Self.start.addingTimeInterval(20))
    guard case .leased = free else {
      Issue.record("expected a lease, got \(free)")
      return
    }
  }

  @Test("a refresh answer naming another open_id is refused and nothing is stored")
  func otherOpenIDRefused() async throws {
    let refresher = ScriptedRefresher([.success(RefreshWorld.rotated(1, openID: "someone-else"))])
    let engine = world.engine(refresher, clock: TestClock(start: Self.start), processes: processB(nil))
    guard case .failure(.malformedResponse(let why)) = await engine.refresh("a") else {
      Issue.record("expected the answer to be refused")
      return
    }
    #expect(why.contains("another account"))
    #expect(refresher.calls.count == 1)
    let tokens = try store.tokens("a")
    #expect(tokens.accessToken == Secret("act.old-a!1"))
    #expect(tokens.refreshToken == Secret("rft.old-a!1"))
    let matching = ScriptedRefresher([.success(RefreshWorld.rotated(2, openID: "a"))])
    let again = world.engine(
      matching, clock: TestClock(start: Self.start.addingTimeInterval(3600)),
      processes: processB(nil))
    #expect(await again.refresh("a").map(\.status) == .success(.active))
    #expect(try store.tokens("a").refreshToken == Secret("rft.new2!1"))
  }

  @Test("a refresh stopped by a signal with its request out records nothing and keeps its attempt in flight")
  func cancelledKeepsAttempt() async throws {
    let refresher = ScriptedRefresher([.failure(.cancelled)])
    let engine = world.engine(
      refresher, clock: TestClock(start: Self.start), processes: Self.processA)
    #expect(await engine.refresh("a") == .failure(.cancelled))
    #expect(refresher.calls.count == 1)
    let account = try #require(try store.account("a"))
    #expect(account.status == .active && account.lastError == nil && account.failureCount == 0)
    // Once that process has ended, the next one knows the token may have been rotated.
    let next = try store.beginRefresh(
      "a", owner: "B", now: Self.start.addingTimeInterval(1), policy: RefreshPolicy(),
      minimumValidity: 0, force: true, processes: processB(nil),
      deadline: Self.start.addingTimeInterval(20))
    guard case .leased(let tokens, _) = next else {
      Issue.record("expected a lease, got \(next)")
      return
    }
    #expect(tokens.interrupted)
  }

  @Test(
    "a failed refresh hands out the stored token only when it still lasts long enough and none was forced",
    arguments: [(0.0, false, true), (30.0, false, true), (120.0, false, false), (0.0, true, false)])
  func failureFallsBackToStoredToken(minimumValidity: Double, force: Bool, handedOut: Bool) async throws {
    let failure = DomainError.tikTok(
      TikTokError(code: "internal_error", message: "boom", httpStatus: 503))
    let refresher = ScriptedRefresher([.failure(failure)])
    let engine = world.engine(
      refresher, clock: TestClock(start: Self.start), processes: processB(nil))
    let result =
      force
      ? await engine.refresh("a", timeout: 0).map { _ in Secret("refreshed") }
      : await engine.validAccessToken("a", minimumValidity: minimumValidity, timeout: 0)
    #expect(result == (handedOut ? .success(Secret("act.old-a!1")) : .failure(failure)))
    // The account was due: its failure is recorded either way.
    #expect(try store.account("a")?.status == .error)
  }
}
