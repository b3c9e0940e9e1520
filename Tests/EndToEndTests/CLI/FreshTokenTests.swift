import Domain
import Foundation
import Storage
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("tractok token with a fresh token: a read, nothing more")
struct FreshTokenTests {
  @Test("a fresh token is printed while another process holds the write lock and the key lock")
  func readsUnderLocks() throws {
    let directory = TemporaryDirectory("tractok-fresh")
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    let now = Date()
    var connections = AccountFixtures.connections(count: 1, now: now)
    connections[0].tokens = TokenSet(
      accessToken: Secret("act.fresh"), refreshToken: Secret("rft.fresh"),
      accessExpiresAt: now.addingTimeInterval(86_400), accessLifetime: 86_400,
      refreshExpiresAt: now.addingTimeInterval(86_400 * 300))
    let account = try #require(
      try AccountFixtures.populate(store, profile: "default", connections: connections, now: now)
        .first)
    // A writer mid-transaction, and a rekey holding its lock: the old start waited on both.
    let writer = try Connection(path: "\(home)/\(Store.databaseName)", create: false)
    try writer.execute("BEGIN IMMEDIATE")
    defer { try? writer.execute("ROLLBACK") }
    let lock = open("\(home)/key.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    defer { close(lock) }
    #expect(flock(lock, LOCK_EX) == 0)
    let result = try TractokBinary.run(
      ["token", account.openID],
      environment: TractokBinary.environment(home: home),
      timeout: 8)
    #expect(!result.timedOut)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "act.fresh\n")
  }
}
