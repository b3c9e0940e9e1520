import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

/// A private TRACTOK_HOME and a sandbox on loopback, with the environment that points the
/// `tractok` binary at them (as a user would with TIKTOK_CLIENT_KEY set to the sandbox's app).
final class SandboxWorld: @unchecked Sendable {
  let directory = TemporaryDirectory()
  let sandbox: SandboxServer

  init(settings: SandboxSettings = SandboxSettings()) throws {
    sandbox = try SandboxServer(settings: settings, digest: OpenSSLDigest())
  }

  deinit { sandbox.stop() }

  var home: String { directory.file("home") }

  func environment(_ extra: [String: String] = [:]) -> [String: String] {
    TractokBinary.environment(
      home: home, tikTok: sandbox.baseURL, clientKey: sandbox.settings.clientKey,
      clientSecret: sandbox.settings.clientSecret, extra: extra)
  }

  func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> ProcessResult {
    try TractokBinary.run(arguments, environment: environment(extra))
  }

  /// The authorize URL a running `tractok connect` printed.
  static func authorizeURL(_ process: InteractiveProcess) throws -> String {
    #expect(process.waitForOutput("disable_auto_auth=1"))
    let line = process.stdout.split(separator: "\n").first { $0.contains("/v2/auth/authorize/?") }
    return try #require(line).trimmingCharacters(in: .whitespaces)
  }

  /// Starts `tractok connect` and pastes the redirect the sandbox gives when it approves as
  /// `account`, ticking `scopes` (nil: all), after a junk line, to show a bad paste does not
  /// end the attempt.
  func connectByPaste(
    account: String? = nil, granting scopes: [String]? = nil, _ extra: [String: String] = [:]
  ) throws -> InteractiveProcess {
    let process = try InteractiveProcess(["connect", "--no-browser"], environment: environment(extra))
    let url = try Self.authorizeURL(process)
    let query = try #require(url.split(separator: "?", maxSplits: 1).last)
    process.writeLine("https://example.invalid/not-the-callback")
    let redirect = try sandbox.approve(
      authorizeQuery: String(query), accountID: account, grantedScopes: scopes
    ).get()
    process.writeLine(redirect)
    return process
  }

  /// Connects the first `count` sandbox accounts (raising the tier as needed).
  func connectAccounts(_ count: Int) throws {
    #expect(try run(["tier", "set", Tier.smallest(fitting: count)?.rawValue ?? "agency"]).status == 0)
    for account in sandbox.accounts.prefix(count) {
      #expect(try connectByPaste(account: account.openID).wait() == 0)
    }
  }
}
