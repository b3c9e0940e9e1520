import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite("The tractok binary: help, usage errors, accounts, tier, doctor, keys")
struct FoundationCommandTests {
  let directory = TemporaryDirectory()
  var home: String { directory.file("home") }

  func run(_ arguments: [String], extra: [String: String] = [:], stdin: String? = nil) throws
    -> ProcessResult
  {
    try TractokBinary.run(
      arguments, environment: TractokBinary.environment(home: home, extra: extra), stdin: stdin)
  }

  @Test("--help lists the commands that work and exits 0")
  func programHelp() throws {
    let result = try run(["--help"])
    #expect(result.status == 0)
    for command in ["accounts", "switch", "tier", "profile", "app", "rekey", "doctor"] {
      #expect(result.stdout.contains("\n  \(command) "), "\(command)")
    }
  }

  @Test(
    "every listed command has its own --help",
    arguments: ["accounts", "switch", "tier", "profile", "app", "rekey", "doctor"])
  func commandHelp(_ command: String) throws {
    let result = try run([command, "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("tractok \(command)"))
  }

  @Test("--version prints the version")
  func version() throws {
    let result = try run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("tractok "))
  }

  @Test(
    "unknown commands, unknown options and missing arguments are usage errors with exit 2",
    arguments: [
      ["frobnicate"], ["accounts", "--jsn"], ["switch"], ["tier", "set", "platinum"],
      ["accounts", "--json=yes"], ["--profile"], ["connect", "--timeout", "9223372036854775807"],
      ["token", "--min-valid", "-1"], ["sandbox", "--port", "70000"],
    ])
  func usageErrors(_ arguments: [String]) throws {
    let result = try run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains("tractok:"))
    #expect(result.stdout.isEmpty)
  }

  @Test("accounts --json on an empty home prints [] and creates private files")
  func emptyAccountsJSON() throws {
    let result = try run(["accounts", "--json"])
    #expect(result.status == 0)
    #expect(result.stdout == "[]\n")
    #expect(PrivateFiles.mode(of: home) == 0o700)
    #expect(PrivateFiles.mode(of: "\(home)/tractok.db") == 0o600)
    #expect(PrivateFiles.mode(of: "\(home)/key") == 0o600)
  }

  @Test("accounts --json lists every field of the spec with ISO 8601 dates")
  func accountsJSONFields() throws {
    let store = try Store.open(home: home, environmentKey: nil)
    try AccountFixtures.populate(store, profile: "default", count: 2, now: Date())
    let result = try run(["accounts", "--json"])
    #expect(result.status == 0)
    let parsed =
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
    let first = try #require(parsed?.first)
    #expect(
      Set(first.keys) == [
        "open_id", "display_name", "username", "status", "selected", "access_expires_at",
        "refresh_expires_at", "scopes", "app", "union_id",
      ])
    #expect(first["selected"] as? Bool == true)
    let expires = try #require(first["access_expires_at"] as? String)
    #expect(ISO8601DateFormatter().date(from: expires) != nil)
    #expect((first["scopes"] as? [String])?.contains("video.list") == true)
  }

  @Test("switch makes the named account current; an unknown one fails with exit 1")
  func switchAccount() throws {
    let store = try Store.open(home: home, environmentKey: nil)
    let accounts = try AccountFixtures.populate(store, profile: "default", count: 3, now: Date())
    let target = accounts[2]
    let result = try run(["switch", "@" + target.username.uppercased()])
    #expect(result.status == 0)
    #expect(
      try Store.open(home: home, environmentKey: nil).profile("default").selectedOpenID
        == target.openID)
    let missing = try run(["switch", "nobody-at-all"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no account matches"))
  }

  @Test("tier set lowers the tier and marks surplus accounts over-limit without deleting them")
  func tierDowngrade() throws {
    let store = try Store.open(home: home, environmentKey: nil)
    try AccountFixtures.populate(store, profile: "default", count: 3, now: Date())
    let result = try run(["tier", "set", "free"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("3 of 1 slots"))
    let json = try run(["accounts", "--json"]).stdout
    #expect(json.components(separatedBy: "\"over-limit\"").count - 1 == 2)
  }

  /// `token` first tries its read-only path, which checks no key id: the blob's tag refuses
  /// the wrong key, and the full open names it.
  @Test(
    "a wrong key gives one clear error naming the key id, exit 1, nothing modified",
    arguments: [["accounts"], ["token"]])
  func wrongKey(_ command: [String]) throws {
    let right = Data(repeating: 1, count: 32).base64EncodedString()
    let keyID = try seedAndClose(key: right)
    let before = try Data(contentsOf: URL(fileURLWithPath: "\(home)/tractok.db"))
    let result = try run(
      command, extra: ["TIKTOK_ENCRYPTION_KEY": Data(repeating: 2, count: 32).base64EncodedString()]
    )
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(keyID))
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(home)/tractok.db")) == before)
  }

  @Test(
    "output that cannot be written (a full disk) fails with exit 1 and says so",
    arguments: [["--version"], ["token"]])
  func fullDisk(_ command: [String]) throws {
    let key = Data(repeating: 1, count: 32).base64EncodedString()
    _ = try seedAndClose(key: key)
    let result = try TractokBinary.run(
      ["-c", "exec \"$0\" \"$@\" > /dev/full", TractokBinary.path] + command,
      environment: TractokBinary.environment(home: home, extra: ["TIKTOK_ENCRYPTION_KEY": key]),
      executable: "/bin/sh")
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot write to standard output: No space left on device"))
  }

  /// Seeds one account and closes the store, so the files are at rest before a comparison.
  func seedAndClose(key: String) throws -> String {
    let store = try Store.open(home: home, environmentKey: Secret(key))
    try AccountFixtures.populate(store, profile: "default", count: 1, now: Date())
    return store.sealer.key.idText
  }

  @Test(
    "keys of 31 or 33 bytes and bad base64 are refused with the reason and exit 1",
    arguments: [
      (Data(repeating: 1, count: 31).base64EncodedString(), "31 bytes"),
      (Data(repeating: 1, count: 33).base64EncodedString(), "33 bytes"),
      ("%%%not-base64%%%", "not valid base64"),
    ])
  func badKeys(_ key: String, _ reason: String) throws {
    let result = try run(["accounts"], extra: ["TIKTOK_ENCRYPTION_KEY": key])
    #expect(result.status == 1)
    #expect(result.stderr.contains(reason))
    #expect(!result.stderr.contains(key))
  }

  @Test("a file that is not a database gives a clear error and stays untouched")
  func corruptDatabase() throws {
    try FileManager.default.createDirectory(
      atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let garbage = Data("definitely not sqlite".utf8)
    try garbage.write(to: URL(fileURLWithPath: "\(home)/tractok.db"))
    chmod("\(home)/tractok.db", 0o600)
    let result = try run(["accounts"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("not a SQLite database"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(home)/tractok.db")) == garbage)
  }

  @Test("doctor reports a redirect URI that breaks TikTok's desktop rules and exits 1")
  func doctorRedirect() throws {
    let good = try run(["doctor"])
    #expect(good.status == 0)
    let bad = try run(["doctor"], extra: ["TIKTOK_REDIRECT_URI": "https://example.com/cb?x=1"])
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("127.0.0.1 or localhost"))
    #expect(bad.stdout.contains("no port"))
    #expect(bad.stdout.contains("query or fragment"))
  }

  @Test(
    "a TRACTOK_CALLBACK_USERS naming no user of this machine: doctor reports it and connect refuses to start"
  )
  func unknownCallbackUser() throws {
    let extra = ["TRACTOK_CALLBACK_USERS": "no-such-user-here"]
    let doctor = try run(["doctor"], extra: extra)
    #expect(doctor.status == 1)
    #expect(doctor.stdout.contains("TRACTOK_CALLBACK_USERS names no-such-user-here"))
    let connect = try run(["connect", "--no-browser", "--timeout", "5"], extra: extra)
    #expect(connect.status == 1)
    #expect(connect.stderr.contains("TRACTOK_CALLBACK_USERS names no-such-user-here"))
    #expect(!connect.stdout.contains("/v2/auth/authorize/"))
  }

  @Test(
    "a key file others can read is refused by every command and reported by doctor; nothing is changed"
  )
  func looseKeyRefused() throws {
    _ = try run(["accounts"])
    let key = "\(home)/key"
    chmod(key, 0o644)
    let refused = try run(["accounts"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("chmod 600 \(key)"))
    #expect(refused.stderr.contains("tractok rekey"))
    let doctor = try run(["doctor"])
    #expect(doctor.status == 1)
    #expect(doctor.stdout.contains("[FIX ] other users of this machine can read or change"))
    #expect(doctor.stdout.contains("chmod 600 \(key)"))
    #expect(PrivateFiles.mode(of: key) == 0o644)
  }
}
