import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// RELIABILITY S7 for a stored app's client secret: the victim stores it with `tractok app
/// add` while the attacker looks at every process and file it can reach.
@Suite("A client secret on a shared server (S7)", .serialized,
  .enabled(if: LocalUser.canSwitch, "needs root and setpriv (util-linux) to act as two users"))
struct TwoUsersAppSecretTests {
  static let app = SandboxApp(clientKey: "key-victims-app", clientSecret: "victims-secret-5b7e21")
  let world: TwoUsersWorld
  var victim: LocalUser { TwoUsersWorld.victim }
  var attacker: LocalUser { TwoUsersWorld.attacker }
  /// The victim's environment names no app: tractok knows it only as stored.
  let noEnvironmentApp = [
    "TIKTOK_CLIENT_KEY": "", "TIKTOK_CLIENT_SECRET": "", "TIKTOK_AUTH_BASE_URL": "",
    "TIKTOK_API_BASE_URL": "",
  ]

  init() throws {
    world = try TwoUsersWorld()
    world.sandbox.update { $0.apps.append(Self.app) }
  }

  @Test("while app add runs, no command line holds the secret and the attacker cannot read its environment; afterwards it is in no log, listing or file in clear, and it works")
  func secretStaysPrivate() throws {
    let add = try world.start(
      victim,
      [
        "app", "add", "brand", "--client-key", Self.app.clientKey, "--auth-base-url",
        world.sandbox.baseURL, "--api-base-url", world.sandbox.baseURL,
      ], noEnvironmentApp)
    let pid = add.process.processIdentifier
    // Waiting on its standard input: the secret is not given yet, and never on the command line.
    #expect(eventually(timeout: 30) {
      TwoUsersWorld.status(pid, "Uid")?.hasPrefix("\(victim.uid)") == true
        && TwoUsersWorld.status(pid, "State")?.hasPrefix("S") == true
    })
    let lines = TwoUsersWorld.commandLines()
    #expect(lines.contains { $0.contains("app add brand") })
    let readEnviron = try TractokBinary.run(
      attacker.arguments("/bin/cat", ["/proc/\(pid)/environ"]), environment: [:],
      executable: LocalUser.setpriv)
    #expect(readEnviron.status != 0)
    add.writeLine(Self.app.clientSecret)
    #expect(add.wait(timeout: 60) == 0, "\(add.stdout)\(add.stderr)")
    let scanned = TwoUsersWorld.commandLines() + lines
    #expect(!scanned.contains { $0.contains(Self.app.clientSecret) })
    // It works: a connect and a refresh go through the stored app.
    #expect(try world.run(victim, ["profile", "set-app", "default", "brand"], noEnvironmentApp).status == 0)
    let (connect, attempt) = try world.connect(noEnvironmentApp)
    #expect(attempt.url.contains("client_key=\(Self.app.clientKey)&"))
    connect.writeLine(try world.approve(attempt.url))
    #expect(connect.wait(timeout: 60) == 0, "\(connect.stdout)\(connect.stderr)")
    #expect(try world.run(victim, ["refresh"], noEnvironmentApp).status == 0)
    #expect(world.sandbox.ledger().refreshesByClient[Self.app.clientKey]?.values.first == 1)
    let listed = try world.run(victim, ["app", "list", "--json"], noEnvironmentApp)
    #expect(listed.status == 0 && listed.stdout.contains(Self.app.clientKey))
    let doctor = try world.run(victim, ["doctor"], noEnvironmentApp)
    let files = ["tractok.db", "tractok.db-wal", "tractok.log"].compactMap {
      FileManager.default.contents(atPath: "\(world.victimHome)/\($0)")
    }
    #expect(files.count >= 2)
    let secret = Data(Self.app.clientSecret.utf8)
    #expect(!files.contains { $0.range(of: secret) != nil })
    for output in [listed.stdout, listed.stderr, doctor.stdout, connect.stdout, connect.stderr] {
      #expect(!output.contains(Self.app.clientSecret))
    }
    // The attacker cannot even open the victim's data.
    let stolen = try world.run(
      attacker, ["app", "list", "--json"], ["TRACTOK_HOME": world.victimHome])
    #expect(stolen.status == 1)
    #expect(!stolen.stdout.contains(Self.app.clientKey))
    TwoUsersWorld.figure(
      "app secret: \(scanned.count) command lines read while app add ran, none with the secret; "
        + "environ unreadable by the attacker; not in the database, WAL, log or any output; used for a refresh")
  }
}
