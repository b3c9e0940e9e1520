import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// RELIABILITY S7's stage: two unprivileged users of one machine, a victim and an attacker
/// (uids with no passwd entry), each with a private home; the built programs copied where both
/// may run them (the build directory may sit under a path only root can enter); and a sandbox,
/// run by the test as root, that answers root and the victim only.
final class TwoUsersWorld: @unchecked Sendable {
  static let victim = LocalUser(uid: 61001)
  static let attacker = LocalUser(uid: 61002)

  let directory = TemporaryDirectory("tractok-s7")
  let sandbox: SandboxServer
  let tractok: String
  let peer: String
  let victimHome: String
  let attackerHome: String

  init() throws {
    chmod(directory.path, 0o755)
    tractok = directory.file("tractok")
    peer = directory.file("LocalPeer")
    try FileManager.default.copyItem(atPath: TractokBinary.path, toPath: tractok)
    try FileManager.default.copyItem(atPath: TractokBinary.built("LocalPeer"), toPath: peer)
    for program in [tractok, peer] { chmod(program, 0o755) }
    victimHome = try Self.victim.privateDirectory(directory.file("victim"))
    attackerHome = try Self.attacker.privateDirectory(directory.file("attacker"))
    sandbox = try SandboxServer(
      access: LoopbackAccess(users: [geteuid(), Self.victim.uid]), digest: OpenSSLDigest())
  }

  deinit { sandbox.stop() }

  /// The victim's environment, pointed at the sandbox as if it were TikTok.
  func victimEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    TractokBinary.environment(
      home: victimHome, tikTok: sandbox.baseURL, clientKey: sandbox.settings.clientKey,
      clientSecret: sandbox.settings.clientSecret, extra: extra)
  }

  func home(of user: LocalUser) -> String { user.uid == Self.victim.uid ? victimHome : attackerHome }

  /// Runs `tractok arguments` as `user` to completion.
  func run(_ user: LocalUser, _ arguments: [String], _ extra: [String: String] = [:]) throws
    -> ProcessResult
  {
    try TractokBinary.run(
      user.arguments(tractok, arguments), environment: environment(user, extra),
      executable: LocalUser.setpriv)
  }

  /// Starts `tractok arguments` as `user`; its pid is tractok's (setpriv execs it).
  func start(_ user: LocalUser, _ arguments: [String], _ extra: [String: String] = [:]) throws
    -> InteractiveProcess
  {
    try InteractiveProcess(
      user.arguments(tractok, arguments), environment: environment(user, extra),
      executable: LocalUser.setpriv)
  }

  /// Starts the LocalPeer program as `user` (`get URL`, `hold PORT COUNT`, `listen6`).
  func peer(_ user: LocalUser, _ arguments: [String]) throws -> InteractiveProcess {
    try InteractiveProcess(
      user.arguments(peer, arguments), environment: environment(user, [:]),
      executable: LocalUser.setpriv)
  }

  /// One GET as `user`; the peer's lines ("sent T", "status N", "body ...").
  func get(_ user: LocalUser, _ url: String) throws -> InteractiveProcess {
    let process = try peer(user, ["get", url])
    process.wait(timeout: 60)
    return process
  }

  private func environment(_ user: LocalUser, _ extra: [String: String]) -> [String: String] {
    user.uid == Self.victim.uid
      ? victimEnvironment(extra) : TractokBinary.environment(home: attackerHome, extra: extra)
  }

  /// What a waiting `tractok connect` printed: the authorize URL, its listener's port, its state.
  typealias Attempt = (url: String, port: Int, state: String)

  /// Starts `tractok connect` as the victim (`--no-browser` unless `extra` sets a BROWSER) and
  /// waits for its authorize URL.
  func connect(_ extra: [String: String] = [:]) throws -> (InteractiveProcess, Attempt) {
    let browser = extra["BROWSER"] == nil ? ["--no-browser"] : []
    let process = try start(Self.victim, ["connect", "--timeout", "120"] + browser, extra)
    return (process, try Self.attempt(process))
  }

  /// A running connect's authorize URL, its listener's port and its state.
  static func attempt(_ process: InteractiveProcess) throws -> Attempt {
    #expect(process.waitForOutput("disable_auto_auth=1", timeout: 30))
    let url = try #require(
      process.stdout.split(separator: "\n").first { $0.contains("/v2/auth/authorize/?") }
    ).trimmingCharacters(in: .whitespaces)
    let items = URLComponents(string: url)?.queryItems ?? []
    let redirect = try #require(items.first { $0.name == "redirect_uri" }?.value)
    let port = try #require(URLComponents(string: redirect)?.port)
    let state = try #require(items.first { $0.name == "state" }?.value)
    return (url, port, state)
  }

  /// The redirect TikTok (the sandbox) sends the victim's browser to after approval.
  func approve(_ authorizeURL: String) throws -> String {
    let query = try #require(authorizeURL.split(separator: "?", maxSplits: 1).last)
    return try sandbox.approve(authorizeQuery: String(query)).get()
  }

  /// A `key value` line a peer printed, e.g. `status 403`.
  static func value(_ key: String, in output: String) -> String? {
    output.split(separator: "\n").first { $0.hasPrefix(key + " ") }.map {
      String($0.dropFirst(key.count + 1))
    }
  }

  /// Every process's command line (NUL separators as spaces), as `ps` would show it to anyone.
  static func commandLines() -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { Int($0) != nil }.compactMap { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
      return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
  }

  /// A `Name:  value` line of /proc/PID/status, e.g. `VmHWM` in kB.
  static func status(_ pid: Int32, _ name: String) -> String? {
    let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map {
      $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
    }
  }

  /// Prints a figure for scripts/stress (`S7 ...` lines).
  static func figure(_ text: String) {
    FileHandle.standardError.write(Data("S7 \(text)\n".utf8))
  }
}
