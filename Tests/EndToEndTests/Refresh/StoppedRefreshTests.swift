import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// RELIABILITY S2's stopped processes: process A runs `tractok refresh` and stops itself
/// (`TRACTOK_TEST_STOP_AT`, test builds only) right before its request leaves, or right after
/// TikTok answered; B runs `token` and `refresh` meanwhile; then A is resumed or killed.
@Suite("A refresh stopped halfway, resumed or killed (S2, stopped processes)", .serialized)
struct StoppedRefreshTests {
  static let handle = "@mayacooks"

  /// Connects Maya (60-s access tokens) and starts A, stopped at `checkpoint`.
  func stopA(at checkpoint: RefreshCheckpoint) throws -> (SandboxWorld, Process) {
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: 60, rateLimit: 0))
    try world.connectAccounts(1)
    let a = try TractokBinary.start(
      ["refresh", Self.handle],
      environment: world.environment(["TRACTOK_TEST_STOP_AT": checkpoint.rawValue]))
    let table = SystemProcessTable()
    let stopped = eventually(timeout: 30) {
      table.identity(of: a.processIdentifier).map { table.state(of: $0) } == .stopped
    }
    #expect(stopped, "A never reached \(checkpoint)")
    return (world, a)
  }

  /// B needs a refresh (`--min-valid` is the whole lifetime) while A is stopped: it sends
  /// nothing and fails naming A.
  func runB(_ world: SandboxWorld, while a: Process) throws {
    let before = world.sandbox.ledger().count(.token)
    for command in [["token", Self.handle, "--min-valid", "60"], ["refresh", Self.handle]] {
      let result = try world.run(command + ["--timeout", "2"])
      #expect(result.status == 1, "\(command): \(result.stderr)")
      #expect(result.stderr.contains("process \(a.processIdentifier), which is stopped,"))
      #expect(result.stdout.isEmpty)
    }
    #expect(world.sandbox.ledger().count(.token) == before)
    let store = try Store.open(home: world.home, environmentKey: nil)
    let account = try #require(try store.allAccounts().first)
    #expect(account.status == .active && account.lastError == nil)
  }

  /// A token printed now (refreshed first: it must last the whole lifetime), and whether the
  /// sandbox would accept it.
  func validToken(_ world: SandboxWorld) throws -> Bool {
    let result = try world.run(["token", Self.handle, "--min-valid", "60"])
    #expect(result.status == 0, "\(result.stderr)")
    let token = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return world.sandbox.issuedAccessToken(token)?.isValid(at: Date()) == true
  }

  /// Whether the stored refresh token is the live one at the sandbox: no rotation was lost.
  func nothingLost(_ world: SandboxWorld) throws -> Bool {
    let store = try Store.open(home: world.home, environmentKey: nil)
    let account = try #require(try store.allAccounts().first)
    let stored = try store.tokens(account.openID).refreshToken.reveal
    return world.sandbox.issuedRefreshToken(stored)?.isValid(at: Date()) == true
  }

  @Test("resumed after stopping at either point: A finishes, no reuse, the account usable", arguments: RefreshCheckpoint.allCases)
  func resumed(_ checkpoint: RefreshCheckpoint) throws {
    let (world, a) = try stopA(at: checkpoint)
    defer { kill(a.processIdentifier, SIGKILL) }
    let answered = checkpoint == .answered ? 1 : 0
    #expect(world.sandbox.ledger().refreshes.values.reduce(0, +) == answered)
    try runB(world, while: a)
    kill(a.processIdentifier, SIGCONT)
    #expect(eventually(timeout: 30) { !a.isRunning })
    #expect(a.terminationStatus == 0)
    // A sent once, whichever point it stopped at; B sent nothing.
    #expect(world.sandbox.ledger().refreshes.values.reduce(0, +) == 1)
    #expect(try nothingLost(world))
    #expect(try validToken(world))
    #expect(world.sandbox.ledger().reuseEvents.isEmpty)
  }

  @Test("killed before its request left: the next token tries the stored refresh token, which TikTok never saw")
  func killedBeforeSending() throws {
    let (world, a) = try stopA(at: .sending)
    try runB(world, while: a)
    kill(a.processIdentifier, SIGKILL)
    a.waitUntilExit()
    // The stored token went out once, from this `token`: TikTok had never seen it.
    #expect(try validToken(world))
    #expect(world.sandbox.ledger().refreshes.values.reduce(0, +) == 1)
    #expect(world.sandbox.ledger().reuseEvents.isEmpty)
    #expect(try nothingLost(world))
  }

  @Test("killed after TikTok answered: the next refresh tries the stored token once; the account is expired, saying a refresh was interrupted")
  func killedAfterAnswer() throws {
    let (world, a) = try stopA(at: .answered)
    try runB(world, while: a)
    kill(a.processIdentifier, SIGKILL)
    a.waitUntilExit()
    let refresh = try world.run(["refresh", Self.handle])
    #expect(refresh.status == 4, "\(refresh.stderr)")
    #expect(refresh.stderr.contains("a refresh was interrupted"))
    // The one loss no client can avoid: TikTok had rotated the token A never stored.
    #expect(world.sandbox.ledger().reuseEvents.count == 1)
    let store = try Store.open(home: world.home, environmentKey: nil)
    let account = try #require(try store.allAccounts().first)
    #expect(account.status == .expired)
    #expect(account.statusReason?.hasPrefix("a refresh was interrupted") == true)
    #expect(try world.run(["status"]).stdout.contains("interrupted"))
    let calls = world.sandbox.ledger().count(.token)
    #expect(try world.run(["token", Self.handle]).status == 4)
    #expect(world.sandbox.ledger().count(.token) == calls)
  }
}
