import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("Scripts pick accounts per process: TRACTOK_ACCOUNT, TRACTOK_PROFILE and status ACCOUNT")
struct AccountSelectionTests {
  /// Three sandbox accounts connected: mayacooks (current), novastars and tokyo_cafe_walk.
  func world() throws -> SandboxWorld {
    let world = try SandboxWorld()
    try world.connectAccounts(3)
    return world
  }

  func selected(_ world: SandboxWorld) throws -> String? {
    let json = try world.run(["accounts", "--json"]).stdout
    let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    return items.first { $0["selected"] as? Bool == true }?["username"] as? String
  }

  /// Sets stored columns of one account through SQLite, as a failing refresh would leave them.
  func setStatus(_ world: SandboxWorld, username: String, _ assignments: String) throws {
    let sql = "UPDATE accounts SET \(assignments) WHERE username = '\(username)';"
    let result = try Spawn.run("/usr/bin/sqlite3", ["\(world.home)/tractok.db", sql])
    #expect(result.status == 0, "\(result.output)")
  }

  @Test("two shells with different TRACTOK_ACCOUNT get their own tokens; the selection stays put")
  func perProcessAccount() throws {
    let world = try world()
    #expect(try selected(world) == "mayacooks")
    let nova = try world.run(["token"], ["TRACTOK_ACCOUNT": "@novastars"])
    let tokyo = try world.run(["token"], ["TRACTOK_ACCOUNT": "tokyo"])
    #expect(nova.status == 0)
    #expect(tokyo.status == 0)
    let issued = Set(world.sandbox.ledger().accessTokensIssued)
    let novaToken = nova.stdout.trimmingCharacters(in: .newlines)
    let tokyoToken = tokyo.stdout.trimmingCharacters(in: .newlines)
    #expect(issued.contains(novaToken) && issued.contains(tokyoToken))
    #expect(novaToken != tokyoToken)
    // The argument wins over the variable; neither changes the stored current account.
    let maya = try world.run(["token", "@mayacooks"], ["TRACTOK_ACCOUNT": "@novastars"])
    #expect(maya.stdout != nova.stdout)
    #expect(try world.run(["token"]).stdout != nova.stdout)
    #expect(try selected(world) == "mayacooks")
  }

  @Test("a TRACTOK_ACCOUNT that names no account fails and says where the name came from")
  func unknownEnvironmentAccount() throws {
    let world = try world()
    let result = try world.run(["token"], ["TRACTOK_ACCOUNT": "@nobody"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("TRACTOK_ACCOUNT"))
    #expect(result.stdout.isEmpty)
  }

  @Test("TRACTOK_PROFILE is the default profile; --profile wins over it")
  func profileFromEnvironment() throws {
    let world = try world()
    let empty = try world.run(["accounts", "--json"], ["TRACTOK_PROFILE": "clients"])
    #expect(empty.stdout == "[]\n")
    let explicit = try world.run(["--profile", "default", "accounts", "--json"], ["TRACTOK_PROFILE": "clients"])
    #expect(explicit.stdout.contains("mayacooks"))
    let bad = try world.run(["accounts"], ["TRACTOK_PROFILE": "no spaces"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("TRACTOK_PROFILE"))
  }

  @Test("status ACCOUNT exits 0 when usable, 4 when it needs a reconnect, 1 when over the limit")
  func statusOfOneAccount() throws {
    let world = try world()
    let retry = Int(Date().addingTimeInterval(600).timeIntervalSince1970)
    try setStatus(world, username: "novastars", "status = 'error', last_error = 'TikTok said http_503', failure_count = 1, next_attempt_at = \(retry)")
    try setStatus(world, username: "tokyo_cafe_walk", "status = 'expired', status_reason = 'TikTok said invalid_grant'")
    #expect(try world.run(["status", "@mayacooks"]).status == 0)
    #expect(try world.run(["status", "@novastars"]).status == 0)
    let expired = try world.run(["status", "tokyo"])
    #expect(expired.status == 4)
    #expect(expired.stdout.contains("expired"))
    #expect(try world.run(["status"], ["TRACTOK_ACCOUNT": "@mayacooks"]).status == 0)
    #expect(try world.run(["status"]).status == 1)
    try setStatus(world, username: "mayacooks", "status = 'over-limit'")
    #expect(try world.run(["status", "@mayacooks"]).status == 1)
  }

  @Test("status --json gives every documented field, null where it does not apply")
  func statusJSON() throws {
    let world = try world()
    let retry = Date().addingTimeInterval(600)
    try setStatus(world, username: "novastars", "status = 'error', last_error = 'TikTok said http_503', failure_count = 1, next_attempt_at = \(Int(retry.timeIntervalSince1970))")
    try setStatus(world, username: "tokyo_cafe_walk", "status = 'expired', status_reason = 'TikTok said invalid_grant'")
    let soon = Int(Date().addingTimeInterval(5 * 86_400).timeIntervalSince1970)
    try setStatus(world, username: "mayacooks", "refresh_expires_at = \(soon)")
    let result = try world.run(["status", "--json"])
    #expect(result.status == 1)
    let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(items.count == 3)
    let fields: Set<String> = [
      "open_id", "display_name", "username", "status", "usable", "reason", "access_expires_at",
      "refresh_expires_at", "next_attempt_at", "reconnect_before",
    ]
    for item in items { #expect(Set(item.keys) == fields) }
    let byName = Dictionary(uniqueKeysWithValues: items.map { ($0["username"] as? String ?? "", $0) })
    let maya = try #require(byName["mayacooks"])
    #expect(maya["status"] as? String == "expiring")
    #expect(maya["usable"] as? Bool == true)
    #expect((maya["reconnect_before"] as? String)?.hasPrefix("20") == true)
    #expect(maya["next_attempt_at"] is NSNull)
    let nova = try #require(byName["novastars"])
    #expect(nova["status"] as? String == "error")
    #expect(nova["usable"] as? Bool == true)
    #expect(nova["next_attempt_at"] as? String == ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: retry.timeIntervalSince1970.rounded(.down))))
    #expect(nova["reconnect_before"] is NSNull)
    let tokyo = try #require(byName["tokyo_cafe_walk"])
    #expect(tokyo["status"] as? String == "expired")
    #expect(tokyo["usable"] as? Bool == false)
    #expect(tokyo["reason"] as? String == "TikTok said invalid_grant")
    #expect(tokyo["access_expires_at"] is NSNull)
    #expect(tokyo["reconnect_before"] is NSNull)
    // One account: still an array.
    let one = try world.run(["status", "@novastars", "--json"])
    let single = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [[String: Any]])
    #expect(single.count == 1)
    #expect(one.status == 0)
  }
}
