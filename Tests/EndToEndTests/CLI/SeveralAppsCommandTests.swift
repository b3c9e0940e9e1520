import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

/// A sandbox on loopback with two more apps registered, and a private TRACTOK_HOME whose
/// environment names no app: tractok knows the apps only as `tractok app add` stores them.
final class AppsWorld: @unchecked Sendable {
  static let brandA = SandboxApp(clientKey: "key-brand-a", clientSecret: "secret-brand-a-9f3c")
  static let brandB = SandboxApp(clientKey: "key-brand-b", clientSecret: "secret-brand-b-4e1d")
  let directory = TemporaryDirectory()
  let sandbox: SandboxServer

  init() throws {
    sandbox = try SandboxServer(
      settings: SandboxSettings(apps: [Self.brandA, Self.brandB]), digest: OpenSSLDigest())
  }

  deinit { sandbox.stop() }

  var home: String { directory.file("home") }

  func run(_ arguments: [String], _ extra: [String: String] = [:], stdin: String? = nil) throws
    -> ProcessResult
  {
    try TractokBinary.run(
      arguments, environment: TractokBinary.environment(home: home, extra: extra), stdin: stdin)
  }

  /// `tractok app add NAME` for a sandbox app, its secret on standard input.
  func add(_ name: String, _ app: SandboxApp) throws -> ProcessResult {
    try run(
      [
        "app", "add", name, "--client-key", app.clientKey, "--auth-base-url", sandbox.baseURL,
        "--api-base-url", sandbox.baseURL,
      ], stdin: app.clientSecret + "\n")
  }

  /// `tractok --profile PROFILE connect`, approved at the sandbox as `account` by paste-back.
  func connect(_ profile: String, account: String, _ extra: [String: String] = [:]) throws
    -> (status: Int32, url: String)
  {
    let process = try InteractiveProcess(
      ["--profile", profile, "connect", "--no-browser"],
      environment: TractokBinary.environment(home: home, extra: extra))
    let url = try SandboxWorld.authorizeURL(process)
    let query = try #require(url.split(separator: "?", maxSplits: 1).last)
    process.writeLine(try sandbox.approve(authorizeQuery: String(query), accountID: account).get())
    return (process.wait(), url)
  }

  /// `tractok --profile PROFILE COMMAND --json`, parsed.
  func json(_ profile: String, _ command: [String]) throws -> [[String: Any]] {
    let result = try run(["--profile", profile] + command + ["--json"])
    #expect(result.status == 0, "\(result.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
  }
}

@Suite("Several TikTok apps through the tractok binary")
struct SeveralAppsCommandTests {
  let world: AppsWorld

  init() throws { world = try AppsWorld() }

  @Test("two apps, a profile bound to each: one sandbox user is two accounts (two open_ids, one union_id), each refreshed and revoked with its own app, through a rekey")
  func twoProfilesTwoApps() throws {
    #expect(try world.add("brand-a", AppsWorld.brandA).status == 0)
    #expect(try world.add("brand-b", AppsWorld.brandB).status == 0)
    #expect(try world.run(["profile", "create", "pa", "--app", "brand-a", "--tier", "pro"]).status == 0)
    #expect(try world.run(["profile", "create", "pb", "--app", "brand-b"]).status == 0)
    let a = try world.connect("pa", account: "mayacooks")
    #expect(a.status == 0)
    #expect(a.url.contains("client_key=\(AppsWorld.brandA.clientKey)&"))
    #expect(try world.connect("pb", account: "mayacooks").status == 0)
    let first = try #require(try world.json("pa", ["accounts"]).first)
    let second = try #require(try world.json("pb", ["accounts"]).first)
    let maya = try #require(SandboxCatalog.account("mayacooks"))
    let (openA, openB) = (first["open_id"] as? String, second["open_id"] as? String)
    #expect(openA != nil && openA != openB)
    #expect(first["union_id"] as? String == maya.unionID)
    #expect(second["union_id"] as? String == maya.unionID)
    #expect(first["app"] as? String == "brand-a" && second["app"] as? String == "brand-b")
    // Refreshed from the default profile's processes too: each through its own app.
    #expect(try world.run(["--profile", "pa", "refresh"]).status == 0)
    let rekey = try world.run(["rekey"])
    #expect(rekey.status == 0)
    #expect(rekey.stdout.contains("(tokens and app client secrets)"))
    #expect(try world.run(["--profile", "pb", "refresh"]).status == 0)
    let ledger = world.sandbox.ledger()
    #expect(ledger.refreshesByClient[AppsWorld.brandA.clientKey] == [openA ?? "": 1])
    #expect(ledger.refreshesByClient[AppsWorld.brandB.clientKey] == [openB ?? "": 1])
    // An app in use stays; a profile with brand-a's accounts stays on brand-a.
    let remove = try world.run(["app", "remove", "brand-a"])
    #expect(remove.status == 1)
    #expect(remove.stderr.contains("used by profile pa and 1 account"), "\(remove.stderr)")
    let rebind = try world.run(["profile", "set-app", "pa", "brand-b"])
    #expect(rebind.status == 1)
    #expect(rebind.stderr.contains("granted through brand-a"), "\(rebind.stderr)")
    for profile in ["pa", "pb"] {
      #expect(try world.run(["--profile", profile, "disconnect", "@mayacooks", "--yes"]).status == 0)
    }
    let revoked = world.sandbox.ledger().revocationsByClient
    #expect(revoked[AppsWorld.brandA.clientKey] == [openA ?? ""])
    #expect(revoked[AppsWorld.brandB.clientKey] == [openB ?? ""])
    // Empty now: the profile may move, and the app may go.
    #expect(try world.run(["profile", "set-app", "pa", "brand-b"]).status == 0)
    #expect(try world.run(["app", "remove", "brand-a"]).status == 0)
    // The secrets were sent to TikTok (the sandbox) and nowhere else.
    let log = (try? String(contentsOfFile: "\(world.home)/tractok.log", encoding: .utf8)) ?? ""
    #expect(log.contains("/v2/oauth/token/"))
    for secret in [AppsWorld.brandA.clientSecret, AppsWorld.brandB.clientSecret] {
      #expect(!log.contains(secret))
    }
  }

  @Test("app list --json and profile list --json give the documented fields, never a secret")
  func listJSON() throws {
    #expect(try world.add("brand-a", AppsWorld.brandA).status == 0)
    #expect(try world.run(["profile", "create", "pa", "--app", "brand-a"]).status == 0)
    #expect(try world.run(["profile", "create", "solo"]).status == 0)
    let listed = try world.run(["app", "list", "--json"])
    #expect(!listed.stdout.contains(AppsWorld.brandA.clientSecret))
    #expect(!listed.stdout.contains(SandboxSettings().clientSecret))
    let apps = try world.json("default", ["app", "list"])
    #expect(apps.map { $0["name"] as? String } == ["sandbox", "brand-a"])
    for app in apps {
      #expect(
        Set(app.keys) == [
          "name", "kind", "client_key", "redirect_uri", "scopes", "auth_base_url", "api_base_url",
          "profiles", "accounts",
        ])
    }
    let brand = apps[1]
    #expect(brand["kind"] as? String == "stored")
    #expect(brand["client_key"] as? String == AppsWorld.brandA.clientKey)
    #expect(brand["api_base_url"] as? String == world.sandbox.baseURL)
    #expect(brand["profiles"] as? [String] == ["pa"])
    #expect(brand["accounts"] as? Int == 0)
    #expect(apps[0]["kind"] as? String == "built-in" && apps[0]["api_base_url"] as? String == "sandbox")
    let profiles = try world.json("pa", ["profile", "list"])
    for profile in profiles {
      #expect(
        Set(profile.keys) == [
          "name", "app", "uses_app", "tier", "accounts", "slot_limit", "current",
        ])
    }
    let pa = try #require(profiles.first { $0["name"] as? String == "pa" })
    #expect(pa["app"] as? String == "brand-a" && pa["uses_app"] as? String == "brand-a")
    #expect(pa["current"] as? Bool == true && pa["slot_limit"] as? Int == 1)
    let unbound = try #require(profiles.first { $0["name"] as? String == "solo" })
    #expect(unbound["app"] is NSNull && unbound["uses_app"] as? String == "sandbox")
  }

  @Test("the environment wins over the profile's app: connect asks for its client key, and doctor says where each setting comes from")
  func environmentOverride() throws {
    #expect(try world.add("brand-a", AppsWorld.brandA).status == 0)
    #expect(try world.run(["profile", "create", "pa", "--app", "brand-a"]).status == 0)
    let env = [
      "TIKTOK_CLIENT_KEY": AppsWorld.brandB.clientKey,
      "TIKTOK_CLIENT_SECRET": AppsWorld.brandB.clientSecret, "TIKTOK_SCOPES": "user.info.basic",
    ]
    let connected = try world.connect("pa", account: "novastars", env)
    #expect(connected.status == 0)
    #expect(connected.url.contains("client_key=\(AppsWorld.brandB.clientKey)&"))
    #expect(connected.url.contains("scope=user.info.basic&"))
    let doctor = try world.run(["--profile", "pa", "doctor"], env)
    #expect(doctor.status == 0, "\(doctor.stdout)")
    #expect(doctor.stdout.contains("app brand-a (stored): profile pa, 1 account"), "\(doctor.stdout)")
    #expect(doctor.stdout.contains("\(AppsWorld.brandB.clientKey)  (environment (TIKTOK_CLIENT_KEY))"))
    #expect(doctor.stdout.contains("\(world.sandbox.baseURL)  (app record)"))
    #expect(doctor.stdout.contains("user.info.basic  (environment (TIKTOK_SCOPES))"))
    #expect(doctor.stdout.contains("sbx_tractok_desktop  (built-in)"))
    #expect(!doctor.stdout.contains(AppsWorld.brandA.clientSecret))
    #expect(!doctor.stdout.contains(AppsWorld.brandB.clientSecret))
    // Without the variables, the account cannot reach its app: doctor says so, nothing is sent.
    let plain = try world.run(["--profile", "pa", "doctor"])
    #expect(plain.status == 1)
    #expect(plain.stdout.contains("[FIX ] 1 account ("), "\(plain.stdout)")
    #expect(plain.stdout.contains("cannot refresh or call TikTok: the account was connected through the app brand-a with client key \(AppsWorld.brandB.clientKey)"))
    let calls = world.sandbox.ledger().count(.token)
    #expect(try world.run(["--profile", "pa", "refresh"]).status == 1)
    #expect(world.sandbox.ledger().count(.token) == calls)
  }

  @Test("the in-process sandbox registers a stored app that lives there: the same user gets another open_id there")
  func inProcessSandboxApps() throws {
    let added = try world.run(
      ["app", "add", "test-app", "--client-key", "key-test", "--api-base-url", "sandbox"],
      stdin: "secret-test\n")
    #expect(added.status == 0, "\(added.stderr)")
    #expect(try world.run(["profile", "create", "test", "--app", "test-app"]).status == 0)
    for profile in ["default", "test"] {
      let process = try InteractiveProcess(
        ["--profile", profile, "connect", "--no-browser"],
        environment: TractokBinary.environment(home: world.home))
      #expect(process.waitForOutput("Sandbox: type `approve`"))
      process.writeLine("approve @mayacooks")
      #expect(process.wait() == 0, "\(process.stdout)\(process.stderr)")
    }
    let builtIn = try #require(try world.json("default", ["accounts"]).first)
    let stored = try #require(try world.json("test", ["accounts"]).first)
    let maya = try #require(SandboxCatalog.account("mayacooks"))
    #expect(builtIn["open_id"] as? String == maya.openID)
    #expect(stored["open_id"] as? String != maya.openID)
    #expect(stored["union_id"] as? String == maya.unionID)
    #expect(stored["app"] as? String == "test-app")
    #expect(try world.run(["--profile", "test", "refresh"]).status == 0)
  }

  @Test("tractok sandbox --app KEY:SECRET (repeatable) registers apps: one stored with its address connects there; a bad pair is a usage error")
  func sandboxCommandApps() throws {
    let bad = try world.run(["sandbox", "--app", "no-secret"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--app needs KEY:SECRET"))
    let server = try InteractiveProcess(
      ["sandbox", "--app", "key-one:secret-one", "--app", "key-two:secret:two"],
      environment: TractokBinary.environment(home: world.home))
    defer {
      server.signal(SIGINT)
      server.wait()
    }
    #expect(server.waitForOutput("Control page:"))
    let base = try #require(
      server.stdout.split(separator: "\n").first { $0.hasPrefix("tractok sandbox listening on ") }
    ).dropFirst("tractok sandbox listening on ".count)
    #expect(server.stdout.contains("tractok app add NAME --client-key key-two --auth-base-url \(base)"))
    let settings = try LoopbackHTTP.request("GET", "\(base)/_sandbox/settings").body
    #expect(settings.contains("\"client_keys\":[\"sbx_tractok_desktop\",\"key-one\",\"key-two\"]"))
    let added = try world.run(
      ["app", "add", "two", "--client-key", "key-two", "--auth-base-url", String(base),
        "--api-base-url", String(base)], stdin: "secret:two\n")
    #expect(added.status == 0, "\(added.stderr)")
    #expect(try world.run(["profile", "set-app", "default", "two"]).status == 0)
    let connect = try InteractiveProcess(
      ["connect", "--no-browser"], environment: TractokBinary.environment(home: world.home))
    let url = try SandboxWorld.authorizeURL(connect)
    let approved = try LoopbackHTTP.request(
      "POST", "\(base)/_sandbox/approve", headers: [("Content-Type", "application/json")],
      body: "{\"authorize_url\":\"\(url)\",\"account\":\"novastars\"}")
    let redirect = try #require(
      (try JSONSerialization.jsonObject(with: Data(approved.bytes)) as? [String: Any])?[
        "redirect_url"] as? String, "\(approved.body)")
    connect.writeLine(redirect)
    #expect(connect.wait() == 0, "\(connect.stdout)\(connect.stderr)")
    let account = try #require(try world.json("default", ["accounts"]).first)
    #expect(account["app"] as? String == "two")
    #expect(account["open_id"] as? String != SandboxCatalog.account("novastars")?.openID)
  }
}
