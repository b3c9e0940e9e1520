import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("TRACTOK_NOTIFY_CMD")
struct NotifyCommandTests {
  @Test("runs once when an account starts needing a reconnect, with the account but no token")
  func notifiesOnce() throws {
    let world = try SandboxWorld()
    #expect(try world.connectByPaste().wait() == 0)
    let file = world.directory.file("notified")
    let extra = ["TRACTOK_NOTIFY_CMD": "echo \"$TRACTOK_ACCOUNT|$TRACTOK_REASON|$TIKTOK_CLIENT_SECRET\" >> '\(file)'"]
    world.sandbox.inject(.invalidGrant, endpoint: .token, count: 1)
    #expect(try world.run(["refresh"], extra).status == 4)
    #expect(try world.run(["token"], extra).status == 4)
    #expect(try world.run(["refresh"], extra).status == 4)
    // The command runs without tractok waiting for it: wait for its line.
    #expect(eventually { FileManager.default.fileExists(atPath: file) })
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.hasPrefix("@mayacooks|") == true)
    #expect(lines.first?.hasSuffix("|") == true)
    for secret in world.sandbox.ledger().allSecrets { #expect(!lines.joined().contains(secret)) }
  }
}
