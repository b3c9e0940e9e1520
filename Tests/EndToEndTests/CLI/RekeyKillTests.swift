import Domain
import Foundation
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

@Suite("rekey killed at random points")
struct RekeyKillTests {
  let directory = TemporaryDirectory()
  var home: String { directory.file("home") }

  /// Every blob opens with the one key in force (opening checks the key id in each blob).
  func expectOneKeyAndAllDecrypt() throws {
    let store = try Store.open(home: home, environmentKey: nil)
    let accounts = try store.allAccounts()
    #expect(accounts.count == 300)
    for account in accounts {
      let tokens = try store.tokens(account.openID)
      #expect(tokens.accessToken.reveal.hasPrefix("act."))
      #expect(tokens.refreshToken.reveal.hasPrefix("rft."))
    }
    #expect(!FileManager.default.fileExists(atPath: "\(home)/key.new"))
  }

  @Test("after SIGKILL at random moments of rekey, all rows end under one key and decrypt")
  func killedRekey() throws {
    do {
      let store = try Store.open(home: home, environmentKey: nil)
      try AccountFixtures.populate(store, profile: "default", count: 300)
    }
    var generator = SystemRandomNumberGenerator()
    var keysSeen: Set<String> = [try String(contentsOfFile: "\(home)/key", encoding: .utf8)]
    var completed = 0
    let iterations = Int(ProcessInfo.processInfo.environment["TRACTOK_STRESS_ITERATIONS"] ?? "") ?? 20
    for _ in 0..<iterations {
      let process = try TractokBinary.start(["rekey"], environment: TractokBinary.environment(home: home))
      usleep(UInt32.random(in: 0...120_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .exit && process.terminationStatus == 0 { completed += 1 }
      try expectOneKeyAndAllDecrypt()
      keysSeen.insert(try String(contentsOfFile: "\(home)/key", encoding: .utf8))
    }
    // Every rekey that finished changed the key (one killed after its commit may add more).
    #expect(keysSeen.count - 1 >= completed)
    FileHandle.standardError.write(
      Data("S3 rekey: \(iterations) kills, \(completed) rekeys finished first, all 300 accounts decrypt under one key\n".utf8))
  }
}
