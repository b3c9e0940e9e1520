import Foundation
import Sandbox
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("TRACTOK_NOTIFY_CMD")
struct NotifyCommandTests {
  @Test("runs once when an account starts needing a reconnect, with the account but no token")
  func notifiesOnce() throws {
    let world = try SandboxWorld()
    #expect(try world.connectByPaste().wait() == 0)
    let file = world.directory.file("notified")
    let extra = [
      "TRACTOK_NOTIFY_CMD":
        "echo \"$TRACTOK_ACCOUNT|$TRACTOK_REASON|$TIKTOK_CLIENT_SECRET\" >> '\(file)'"
    ]
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

  @Test("a token inherited from a `tractok exec` never reaches the command")
  func inheritedTokenRemoved() throws {
    let world = try SandboxWorld()
    #expect(try world.connectByPaste().wait() == 0)
    let file = world.directory.file("notified")
    let extra = [
      "TRACTOK_NOTIFY_CMD": "echo \"[$TIKTOK_ACCESS_TOKEN]\" >> '\(file)'",
      "TIKTOK_ACCESS_TOKEN": "act.inherited-from-exec!1",
    ]
    world.sandbox.inject(.invalidGrant, endpoint: .token, count: 1)
    #expect(try world.run(["refresh"], extra).status == 4)
    #expect(eventually { FileManager.default.fileExists(atPath: file) })
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "[]\n")
  }

  @Test(
    "a process without TRACTOK_NOTIFY_CMD does not use up the event a watch is there to announce")
  func eventsKeptForTheNotifier() throws {
    let world = try SandboxWorld()
    #expect(try world.connectByPaste().wait() == 0)
    world.sandbox.inject(.invalidGrant, endpoint: .token, count: 1)
    #expect(try world.run(["refresh"]).status == 4)
    let file = world.directory.file("notified")
    let watch = try InteractiveProcess(
      ["watch", "--interval", "5"],
      environment: world.environment(["TRACTOK_NOTIFY_CMD": "echo \"$TRACTOK_EVENT\" >> '\(file)'"])
    )
    defer {
      watch.signal(SIGTERM)
      _ = watch.wait()
    }
    #expect(
      eventually(timeout: 20) {
        (try? String(contentsOfFile: file, encoding: .utf8)) == "needs-reconnect\n"
      })
  }

  @Test(
    "events that fire together run in order, one after the other, and tractok does not wait for them"
  )
  func eventsInOrder() throws {
    let world = try SandboxWorld()
    #expect(try world.connectByPaste().wait() == 0)
    world.sandbox.inject(.invalidGrant, endpoint: .token, count: 1)
    let file = world.directory.file("notified")
    let gate = world.directory.file("gate")
    // scope-lost's run waits for the gate, which opens only once connect has exited; recovered's
    // run would be written first if both ran at once.
    let notify =
      "if [ \"$TRACTOK_EVENT\" = scope-lost ]; then while [ ! -e '\(gate)' ]; do sleep 0.05; done; fi; "
      + "echo \"$TRACTOK_EVENT $TRACTOK_LOST_SCOPES\" >> '\(file)'"
    let extra = ["TRACTOK_NOTIFY_CMD": notify]
    #expect(try world.run(["refresh"], extra).status == 4)
    let scopes = ["user.info.basic", "user.info.profile", "user.info.stats"]
    #expect(try world.connectByPaste(account: "mayacooks", granting: scopes, extra).wait() == 0)
    #expect(!FileManager.default.fileExists(atPath: gate))
    #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
    // Each run sees its own event's variables only (recovered has no TRACTOK_LOST_SCOPES).
    let expected = "needs-reconnect \nscope-lost video.list\nrecovered \n"
    let seen = eventually(timeout: 10) {
      (try? String(contentsOfFile: file, encoding: .utf8)) == expected
    }
    #expect(seen, "\((try? String(contentsOfFile: file, encoding: .utf8)) ?? "")")
  }
}
