import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// RELIABILITY S2 in short form: 8 processes (headless UIs and `tractok token` loops) on one
/// database, 10-second access tokens, a sandbox that rotates strictly and revokes a grant when an
/// old refresh token comes back, and random SIGSTOP/SIGCONT of the 8 for the whole run.
/// `TRACTOK_STRESS_SECONDS` lengthens it (scripts/stress).
@Suite("Refresh storm across processes (S2)", .serialized)
struct RefreshStormTests {
  static let accessTTL = 10
  static let margin = 3
  static var seconds: Int { Int(ProcessInfo.processInfo.environment["TRACTOK_STRESS_SECONDS"] ?? "") ?? 45 }

  /// What a storm left behind.
  struct Outcome {
    let refreshes: [String: Int]
    let reuseEvents: Int
    let loopFailures: [String]
    let accounts: Int
    /// Printed tokens TikTok would not have taken when they were asked for.
    let invalidTokens: [String]
    let printed: Int
  }

  /// Connects 5 accounts, then runs 3 headless UIs and 5 token loops for `seconds`, stopping and
  /// resuming random ones of them all along.
  func storm(seconds: Int, extra: [String: String] = [:]) throws -> (SandboxWorld, Outcome) {
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: Self.accessTTL, rateLimit: 0))
    let environment = ["TRACTOK_REFRESH_MARGIN": "\(Self.margin)"].merging(extra) { $1 }
    try world.connectAccounts(5)
    let logs = world.directory.file("loops")
    try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
    let accounts = Array(world.sandbox.accounts.prefix(5))
    var processes: [Process] = []
    for index in 0..<3 {
      processes.append(try TractokBinary.start([], environment: world.environment(environment.merging(["TRACTOK_HEADLESS": "1", "UI_INDEX": "\(index)"]) { $1 })))
    }
    // Every loop cycles through every account, so several processes race for each account.
    // Each printed token is kept with the moment it was asked for.
    let quoted = accounts.map { "'@\($0.username)'" }.joined(separator: " ")
    for index in 0..<5 {
      let loop = """
        end=$(( $(date +%s) + \(seconds) ))
        while [ $(date +%s) -lt $end ]; do
          for handle in \(quoted); do
            asked=$(date +%s.%N)
            if token=$("$TRACTOK" token "$handle" 2>> "\(logs)/\(index).err"); then
              echo "$asked $handle $token" >> "\(logs)/\(index).tokens"
            else
              echo "exit $? for $handle" >> "\(logs)/\(index).err"
            fi
          done
        done
        """
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", loop]
      process.environment = world.environment(environment.merging(["TRACTOK": TractokBinary.path]) { $1 })
      try process.run()
      processes.append(process)
    }
    let stopper = RandomStopper(processes.map(\.processIdentifier))
    let loops = processes.suffix(5)
    #expect(eventually(timeout: TimeInterval(seconds + 60), every: 0.5) { loops.allSatisfy { !$0.isRunning } })
    let stops = stopper.finish()
    for ui in processes.prefix(3) { kill(ui.processIdentifier, SIGTERM) }
    #expect(eventually(timeout: 10) { processes.allSatisfy { !$0.isRunning } })
    let read = { (name: String) in
      (0..<5).flatMap { index -> [String] in
        let text = (try? String(contentsOfFile: "\(logs)/\(index).\(name)", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
      }
    }
    let failures = read("err")
    let printed = read("tokens")
    let openIDs = Dictionary(uniqueKeysWithValues: accounts.map { ("@" + $0.username, $0.openID) })
    let invalid = printed.filter { line in
      let parts = line.split(separator: " ").map(String.init)
      guard parts.count == 3, let asked = Double(parts[0]),
        let issued = world.sandbox.issuedAccessToken(parts[2])
      else { return true }
      return issued.openID != openIDs[parts[1]] || issued.revoked
        || issued.expiresAt <= Date(timeIntervalSince1970: asked)
    }
    let ledger = world.sandbox.ledger()
    let lease = extra["TRACTOK_TEST_DISABLE_LEASE"] == nil ? "with lease" : "WITHOUT lease"
    FileHandle.standardError.write(
      Data(("S2 \(lease), \(seconds) s, 8 processes, \(stops) random stops: token calls per account \(ledger.refreshes.values.sorted()), "
        + "reuse events \(ledger.reuseEvents.count), failed token runs \(failures.count), tokens printed \(printed.count), invalid \(invalid.count)\n").utf8))
    return (world, Outcome(
      refreshes: ledger.refreshes, reuseEvents: ledger.reuseEvents.count, loopFailures: failures,
      accounts: accounts.count, invalidTokens: invalid.map { $0.split(separator: " ").prefix(2).joined(separator: " ") },
      printed: printed.count))
  }

  /// Accounts whose stored refresh token is not the live one at the sandbox: rotations lost.
  func lostRotations(_ world: SandboxWorld) throws -> [String] {
    let store = try Store.open(home: world.home, environmentKey: nil)
    return try store.allAccounts().compactMap { account in
      let stored = try store.tokens(account.openID).refreshToken.reveal
      let live = world.sandbox.issuedRefreshToken(stored)?.isValid(at: Date()) == true
      return live ? nil : account.openID
    }
  }

  @Test("with the lease, under random stops: one token call per account per refresh window, no reuse, nothing lost, every printed token valid")
  func stormWithLease() throws {
    let seconds = Self.seconds
    let (world, outcome) = try storm(seconds: seconds)
    #expect(outcome.reuseEvents == 0)
    #expect(outcome.loopFailures == [])
    #expect(outcome.printed > 0)
    #expect(outcome.invalidTokens == [])
    // A token is due `accessTTL - margin` seconds after it is issued: at most one call per window.
    let window = Double(Self.accessTTL - Self.margin)
    let most = Int((Double(seconds) / window).rounded(.up)) + 1
    for (openID, count) in outcome.refreshes {
      #expect(count <= most, "\(openID) was refreshed \(count) times in \(seconds) s (at most \(most))")
      #expect(count >= Int(Double(seconds) / Double(Self.accessTTL)) - 2, "\(openID) was refreshed only \(count) times")
    }
    #expect(outcome.refreshes.count == outcome.accounts)
    // Nothing lost: every stored refresh token is the live one, every account can still rotate.
    #expect(try lostRotations(world) == [])
    #expect(try world.run(["status"]).status == 0)
    #expect(try world.run(["refresh", "--all"]).status == 0)
    #expect(world.sandbox.ledger().reuseEvents.isEmpty)
  }

  @Test("the control run without the lease shows the failures the lease prevents")
  func stormWithoutLease() throws {
    let (world, outcome) = try storm(seconds: 20, extra: ["TRACTOK_TEST_DISABLE_LEASE": "1"])
    let status = try world.run(["status"]).status
    #expect(outcome.reuseEvents > 0 || status != 0 || !outcome.loopFailures.isEmpty || !outcome.invalidTokens.isEmpty)
  }
}
