import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// RELIABILITY S3 in short form: SIGKILL at random moments of refreshes and connects, then the
/// database must be sound, every blob must open, and every account must be usable or clearly
/// expired. `TRACTOK_STRESS_ITERATIONS` lengthens it (scripts/stress).
@Suite("Processes killed during refresh and connect (S3)")
struct KilledRefreshTests {
  static var iterations: Int { Int(ProcessInfo.processInfo.environment["TRACTOK_STRESS_ITERATIONS"] ?? "") ?? 25 }

  /// Opens the store the way the next tractok would and checks everything S3 asks for.
  /// Returns how many accounts ended expired (the allowed loss window).
  func verify(_ world: SandboxWorld) throws -> Int {
    let store = try Store.open(home: world.home, environmentKey: nil)
    #expect(try store.integrityCheck() == ["ok"])
    var expired = 0
    for account in try store.allAccounts() {
      switch account.status {
      case .active, .error:
        let tokens = try store.tokens(account.openID)
        #expect(tokens.accessToken.reveal.hasPrefix("act."))
        #expect(tokens.refreshToken.reveal.hasPrefix("rft."))
      case .expired, .revoked:
        #expect(account.statusReason?.isEmpty == false, "\(account.openID) expired without a reason")
        expired += 1
      case .overLimit:
        Issue.record("no account should be over the limit here")
      }
    }
    return expired
  }

  @Test("SIGKILL during `refresh --all` leaves a sound database, blobs that open, accounts usable or expired")
  func killedRefresh() throws {
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: 3600, rateLimit: 0))
    try world.connectAccounts(5)
    var generator = SystemRandomNumberGenerator()
    var expired = 0
    for _ in 0..<Self.iterations {
      let process = try TractokBinary.start(["refresh", "--all"], environment: world.environment())
      usleep(UInt32.random(in: 0...250_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      #expect(eventually(timeout: 10) { !process.isRunning })
      expired = try verify(world)
    }
    // Whatever survived the kills still refreshes (the lease of a killed process expires).
    let ledger = world.sandbox.ledger()
    FileHandle.standardError.write(
      Data("S3 refresh: \(Self.iterations) kills, \(ledger.refreshes.values.reduce(0, +)) refreshes, \(ledger.reuseEvents.count) rotations lost between TikTok and the commit, \(expired) account(s) expired\n".utf8))
    #expect(expired == ledger.reuseEvents.count)
  }

  @Test("SIGKILL during connect leaves either the whole account or none of it")
  func killedConnect() throws {
    let world = try SandboxWorld()
    #expect(try world.run(["tier", "set", "agency"]).status == 0)
    var generator = SystemRandomNumberGenerator()
    let accounts = world.sandbox.accounts
    for iteration in 0..<Self.iterations {
      let process = try world.connectByPaste(account: accounts[iteration % accounts.count].openID)
      usleep(UInt32.random(in: 0...60_000, using: &generator))
      process.signal(SIGKILL)
      process.wait()
      _ = try verify(world)
      let store = try Store.open(home: world.home, environmentKey: nil)
      for account in try store.allAccounts() {
        #expect(!account.displayName.isEmpty && account.grantedScopes.contains(Scope.userInfoBasic))
      }
    }
  }
}
