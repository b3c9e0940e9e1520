import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

@Suite("tractok watch keeps tokens fresh; each account event fires once, whoever notices it")
struct WatchEventsTests {
  static let day = 86_400

  /// The events TRACTOK_NOTIFY_CMD wrote so far, one `|`-separated line each.
  func events(_ file: String) -> [[String]] {
    let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map {
      $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }
  }

  func sql(_ world: SandboxWorld, _ statement: String) throws {
    #expect(try Spawn.run("/usr/bin/sqlite3", ["\(world.home)/tractok.db", statement]).status == 0)
  }

  func timestamp(_ offset: TimeInterval) -> Int { Int(Date().addingTimeInterval(offset).timeIntervalSince1970) }

  @Test("expiring stages, needs-reconnect, scope-lost and recovered fire once each, with their variables")
  func scriptedSequence() throws {
    // Refresh tokens live 10 days: connecting already reaches the 14-day stage.
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: 3600, refreshTTL: 10 * Self.day))
    let file = world.directory.file("events")
    let notify = #"printf '%s|%s|%s|%s|%s|%s\n' "$TRACTOK_EVENT" "$TRACTOK_ACCOUNT" "$TRACTOK_RECONNECT_BEFORE" "$TRACTOK_RECONNECT_CMD" "$TRACTOK_LOST_SCOPES" "$TIKTOK_ACCESS_TOKEN$TIKTOK_CLIENT_SECRET" >> "#
      + "'\(file)'"
    let extra = ["TRACTOK_NOTIFY_CMD": notify]
    let watch = try InteractiveProcess(["watch", "--interval", "5"], environment: world.environment(extra))
    defer {
      watch.signal(SIGTERM)
      _ = watch.wait()
    }
    #expect(watch.waitForOutput("watching"))
    func expectEvents(_ names: [String], timeout: TimeInterval = 20) {
      let seen = eventually(timeout: timeout) { events(file).map { $0[0] } == names }
      #expect(seen, "\(events(file).map { $0[0] })")
    }

    // The connect process announces the first stage.
    #expect(try world.connectByPaste(account: "mayacooks", extra).wait() == 0)
    expectEvents(["expiring"])
    // Watch notices the refresh token's end coming closer (another process moved it).
    let threeDays = timestamp(2.5 * Double(Self.day))
    try sql(world, "UPDATE accounts SET refresh_expires_at = \(threeDays);")
    expectEvents(["expiring", "expiring"])
    try sql(world, "UPDATE accounts SET refresh_expires_at = \(timestamp(0.4 * Double(Self.day)));")
    expectEvents(["expiring", "expiring", "expiring"])
    let stage3 = events(file)[1]
    #expect(stage3[1] == "@mayacooks")
    #expect(stage3[2] == ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(threeDays))))
    #expect(stage3[3] == "tractok connect --qr")

    // Watch refreshes a token that comes due and logs it.
    try sql(world, "UPDATE accounts SET access_expires_at = \(timestamp(5));")
    #expect(watch.waitForOutput("refreshed @mayacooks in profile default", timeout: 20))

    // TikTok refuses the grant at watch's next refresh: needs-reconnect, once, though other
    // processes keep meeting the dead grant.
    #expect(world.sandbox.inject(.invalidGrant, endpoint: .token, count: 1))
    try sql(world, "UPDATE accounts SET access_expires_at = \(timestamp(5));")
    expectEvents(["expiring", "expiring", "expiring", "needs-reconnect"])
    #expect(try world.run(["token"], extra).status == 4)
    #expect(try world.run(["refresh"], extra).status == 4)

    // Reconnecting without video.list: scope-lost and recovered, and the new refresh token's
    // first stage again.
    let scopes = ["user.info.basic", "user.info.profile", "user.info.stats"]
    #expect(try world.connectByPaste(account: "mayacooks", granting: scopes, extra).wait() == 0)
    expectEvents(["expiring", "expiring", "expiring", "needs-reconnect", "scope-lost", "recovered", "expiring"])
    let lost = try #require(events(file).first { $0[0] == "scope-lost" })
    #expect(lost[4] == "video.list")

    // Nothing more arrives (another process looking at the account finds nothing new), and no
    // line carried a token or the client secret.
    #expect(try world.run(["refresh"], extra).status == 0)
    #expect(!eventually(timeout: 6) { events(file).count > 7 })
    for line in events(file) { #expect(line.last == "", "\(line)") }

    // One watch per data directory.
    let second = try world.run(["watch"], extra)
    #expect(second.status == 1)
    #expect(second.stderr.contains("pid \(watch.process.processIdentifier)"))
    watch.signal(SIGTERM)
    #expect(watch.wait() == 0)
    #expect(watch.stdout.contains("stopping (SIGTERM)"))
  }

  @Test("SIGTERM while a refresh is out lets the round store TikTok's answer: no reuse, nothing lost")
  func stopDuringRefresh() throws {
    let world = try SandboxWorld(settings: SandboxSettings(accessTTL: 60, rateLimit: 0))
    try world.connectAccounts(1)
    // watch stops itself right before its request leaves (a test-build switch); TikTok then
    // takes two seconds to answer.
    #expect(world.sandbox.inject(.delay(milliseconds: 2000), endpoint: .token, count: 1))
    let watch = try InteractiveProcess(
      ["watch", "--interval", "5"], environment: world.environment(["TRACTOK_TEST_STOP_AT": "sending"]))
    defer { kill(watch.process.processIdentifier, SIGKILL) }
    let table = SystemProcessTable()
    let stopped = eventually(timeout: 30) {
      table.identity(of: watch.process.processIdentifier).map { table.state(of: $0) } == .stopped
    }
    #expect(stopped)
    // The stop is asked for while the request is on its way.
    watch.signal(SIGTERM)
    watch.signal(SIGCONT)
    #expect(watch.wait(timeout: 30) == 0)
    #expect(watch.stdout.contains("refreshed @mayacooks"), "\(watch.stdout)")
    #expect(world.sandbox.ledger().reuseEvents.isEmpty)
    #expect(try world.run(["refresh"]).status == 0)
    #expect(world.sandbox.ledger().reuseEvents.isEmpty)
  }

  @Test("--systemd-unit prints a user unit that runs this binary's watch, with no secret in it")
  func systemdUnit() throws {
    let world = try SandboxWorld()
    let result = try world.run(["watch", "--systemd-unit"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("ExecStart=\(TractokBinary.path) watch"))
    #expect(result.stdout.contains("Environment=TRACTOK_HOME=\(world.home)"))
    #expect(result.stdout.contains("\nEnvironmentFile=-%h/.config/tractok/env"))
    #expect(result.stdout.contains("[Install]\nWantedBy=default.target"))
    #expect(!result.stdout.contains(world.sandbox.settings.clientSecret))
  }
}
