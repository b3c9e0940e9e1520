import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

@Suite("A real headless Chromium approves on the sandbox page and lands on the listener")
struct ChromiumConnectTests {
  @Test("tractok connect hands $BROWSER its page, Chromium follows it to TikTok, clicks Authorize, the account is listed",
    .enabled(if: HeadlessChromium.isAvailable, "needs chromium and chromium-driver (scripts/test installs them)"))
  func chromiumConnect() async throws {
    let directory = TemporaryDirectory()
    let sandbox = try SandboxServer(settings: SandboxSettings(), digest: OpenSSLDigest())
    defer { sandbox.stop() }
    let environment = TractokBinary.environment(
      home: directory.file("home"), tikTok: sandbox.baseURL, clientKey: sandbox.settings.clientKey,
      clientSecret: sandbox.settings.clientSecret)
    // $BROWSER only says which page tractok handed it; Chromium then opens that page.
    let handed = directory.file("handed")
    let script = directory.file("browser.sh")
    try "#!/bin/sh\necho \"$1\" > '\(handed)'\n".write(toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    let connect = try InteractiveProcess(
      ["connect", "--timeout", "90"], environment: environment.merging(["BROWSER": script]) { $1 })
    #expect(connect.waitForOutput("Opened it with"))
    let page = try String(contentsOfFile: handed, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(page.hasPrefix("file://"))
    let landed = try await offPool { () -> Result<(String, String), Error> in
      Result {
        let browser = try HeadlessChromium()
        try browser.navigate(page)
        // The page's meta refresh moves on to TikTok's once it has loaded.
        _ = eventually(timeout: 30) { (try? browser.click("button[value=approve]")) != nil }
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
