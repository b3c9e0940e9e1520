import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

@Suite("A real headless Chromium approves on the sandbox page and lands on the listener")
struct ChromiumConnectTests {
  @Test("tractok connect, Chromium clicks Authorize, the account is listed by accounts --json",
    .enabled(if: HeadlessChromium.isAvailable, "needs chromium and chromium-driver (scripts/test installs them)"))
  func chromiumConnect() async throws {
    let directory = TemporaryDirectory()
    let sandbox = try SandboxServer(settings: SandboxSettings(), digest: OpenSSLDigest())
    defer { sandbox.stop() }
    let environment = TractokBinary.environment(
      home: directory.file("home"), tikTok: sandbox.baseURL, clientKey: sandbox.settings.clientKey,
      clientSecret: sandbox.settings.clientSecret)
    let connect = try InteractiveProcess(["connect", "--no-browser", "--timeout", "90"], environment: environment)
    #expect(connect.waitForOutput("disable_auto_auth=1"))
    let url = try #require(connect.stdout.split(separator: "\n").first { $0.contains("/v2/auth/authorize/?") })
      .trimmingCharacters(in: .whitespaces)
    let landed = try await offPool { () -> Result<(String, String), Error> in
      Result {
        let browser = try HeadlessChromium()
        try browser.navigate(url)
        try browser.click("button[value=approve]")
        // The click only starts the navigation; under load it ends after WebDriver answers.
        _ = eventually(timeout: 30) {
          let url = (try? browser.currentURL()) ?? ""
          return url.contains("/callback/") && !((try? browser.pageText()) ?? "").isEmpty
        }
        return (try browser.currentURL(), try browser.pageText())
      }
    }.get()
    #expect(landed.0.contains("/callback/?code="))
    #expect(landed.1.contains("Maya Chen"))
    #expect(connect.wait(timeout: 60) == 0)
    let listed = try TractokBinary.run(["accounts", "--json"], environment: environment)
    #expect(listed.stdout.contains("\"display_name\": \"Maya Chen\""))
    let secrets = sandbox.ledger().allSecrets
    #expect(!secrets.isEmpty)
    for secret in secrets { #expect(!landed.1.contains(secret) && !connect.stdout.contains(secret)) }
  }
}
