import Domain
import Foundation
import Storage
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// RELIABILITY S7: run as root, acting as two unprivileged users (setpriv), a victim who runs
/// tractok and an attacker who shares the machine.
@Suite("Two users on one server (S7)", .serialized,
  .enabled(if: LocalUser.canSwitch, "needs root and setpriv (util-linux) to act as two users"))
struct TwoUsersTests {
  let world: TwoUsersWorld
  var victim: LocalUser { TwoUsersWorld.victim }
  var attacker: LocalUser { TwoUsersWorld.attacker }

  init() throws { world = try TwoUsersWorld() }

  @Test("while the victim connects, no process's command line shows the state, the challenge or the authorize URL")
  func noSecretInArgv() throws {
    // A browser that stays open, as a real one does, and says what it was given.
    let handed = "\(world.victimHome)/handed"
    let script = world.directory.file("browser.sh")
    try "#!/bin/sh\nsleep 120 &\necho \"$$ $! $1\" > '\(handed)'\nwait\n".write(
      toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    let (connect, attempt) = try world.connect(["BROWSER": script])
    #expect(eventually(timeout: 30) { FileManager.default.fileExists(atPath: handed) })
    let words = try String(contentsOfFile: handed, encoding: .utf8).split(separator: " ")
    defer { for pid in words.prefix(2).compactMap({ Int32($0) }) { kill(pid, SIGKILL) } }
    let page = try #require(words.last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    #expect(page.hasPrefix("file://\(world.victimHome)/browser/"))
    let challenge = try #require(
      URLComponents(string: attempt.url)?.queryItems?.first { $0.name == "code_challenge" }?.value)
    let lines = TwoUsersWorld.commandLines()
    // The scan saw the browser, with the page it was handed.
    #expect(lines.contains { $0.contains(script) && $0.contains(page) })
    let leaks = lines.filter {
      $0.contains(attempt.state) || $0.contains(challenge) || $0.contains(attempt.url)
        || $0.contains("/v2/auth/authorize/")
    }
    #expect(leaks.isEmpty, "\(leaks)")
    TwoUsersWorld.figure(
      "argv: \(lines.count) command lines read while connect waited; \(leaks.count) show the state, "
        + "challenge or authorize URL; $BROWSER got a file:// page")
    connect.signal(SIGINT)
    #expect(connect.wait() == 1)
  }

  @Test("the attacker's callback with the right state gets 403 and changes nothing; the victim's own callback completes")
  func attackerCallbackRefused() throws {
    let (connect, attempt) = try world.connect()
    let stolen = try world.get(
      attacker, "http://127.0.0.1:\(attempt.port)/callback/?code=attackers-own&state=\(attempt.state)")
    #expect(TwoUsersWorld.value("status", in: stolen.stdout) == "403")
    #expect(world.sandbox.ledger().count(.token) == 0)
    #expect(!connect.stdout.contains("Authorized"))
    let own = try world.get(victim, try world.approve(attempt.url))
    #expect(TwoUsersWorld.value("status", in: own.stdout) == "200")
    #expect(connect.wait(timeout: 60) == 0, "\(connect.stdout)\(connect.stderr)")
    #expect(connect.stdout.contains("Connected Maya Chen (@mayacooks)"))
    TwoUsersWorld.figure("callback: the attacker's with the right state got 403; the victim's connected")
  }

  @Test("a localhost redirect URI whose [::1] port the attacker holds: no listener, the port named as another user's, and paste-back still connects")
  func ipv6Squatter() throws {
    let squatter = try world.peer(attacker, ["listen6"])
    #expect(squatter.waitForOutput("listening "))
    let port = try #require(TwoUsersWorld.value("listening", in: squatter.stdout).flatMap { Int($0) })
    let redirect = ["TIKTOK_REDIRECT_URI": "http://localhost:\(port)/callback/"]
    let (connect, attempt) = try world.connect(redirect)
    #expect(attempt.port == port)
    #expect(connect.waitForOutput("Waiting up to"))
    #expect(connect.stderr.contains("port \(port) on ::1 is taken by another user"), "\(connect.stderr)")
    // Another user's process is not looked into: no pid, no name.
    #expect(!connect.stderr.contains("pid"), "\(connect.stderr)")
    // Nor half a listener: the victim does not answer on 127.0.0.1 either.
    #expect(LoopbackHTTP.connect(port: port) < 0)
    connect.writeLine(try world.approve(attempt.url))
    #expect(connect.wait(timeout: 60) == 0, "\(connect.stdout)\(connect.stderr)")
    #expect(connect.stdout.contains("Connected Maya Chen (@mayacooks)"))
    squatter.closeInput()
    squatter.wait()
    // With the squatter gone the victim's listener holds both addresses.
    #expect(try world.run(victim, ["tier", "set", "pro"]).status == 0)
    let (again, _) = try world.connect(redirect)
    let table = try String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8)
    let loopback6 = SocketEndpoint(address: Array(repeating: 0, count: 15) + [1], port: UInt16(port))
    #expect(ProcNetTCP.entries(in: table).contains {
      $0.local == loopback6 && $0.state == 0x0A && $0.uid == victim.uid
    })
    again.signal(SIGINT)
    again.wait()
    TwoUsersWorld.figure(
      "localhost: [::1]:\(port) held by the attacker -> no listener, 'taken by another user', paste-back connected")
  }

  @Test("a second tractok of the same user names the first by pid, though the first hides its descriptors; paste-back connects")
  func sameUserHolderNamed() throws {
    let (first, held) = try world.connect()
    let pid = first.process.processIdentifier
    // The first tractok is not dumpable: its own user cannot read its descriptors.
    let listing = try TractokBinary.run(
      victim.arguments("/bin/ls", ["/proc/\(pid)/fd"]), environment: [:],
      executable: LocalUser.setpriv)
    #expect(listing.status != 0)
    let fixed = ["TIKTOK_REDIRECT_URI": "http://127.0.0.1:\(held.port)/callback/"]
    let (second, attempt) = try world.connect(fixed)
    #expect(attempt.port == held.port)
    #expect(second.waitForOutput("Waiting up to"))
    #expect(
      second.stderr.contains("port \(held.port) is held by your tractok (pid \(pid))"),
      "\(second.stderr)")
    second.writeLine(try world.approve(attempt.url))
    #expect(second.wait(timeout: 60) == 0, "\(second.stdout)\(second.stderr)")
    #expect(!first.stdout.contains("Authorized"))
    first.signal(SIGINT)
    #expect(first.wait() == 1)
    TwoUsersWorld.figure(
      "same user: a second connect named the first tractok (pid \(pid), descriptors hidden) and connected by paste-back")
  }

  @Test("200 idle attacker connections do not keep the victim's callback waiting past 1 s")
  func idleConnections() throws {
    let (connect, attempt) = try world.connect()
    let holder = try world.peer(attacker, ["hold", "\(attempt.port)", "200"])
    #expect(holder.waitForOutput("open ", timeout: 60))
    #expect(TwoUsersWorld.value("open", in: holder.stdout) == "200")
    let redirect = try world.approve(attempt.url)
    let own = try world.peer(victim, ["get", redirect])
    var authorizedAt: Date?
    #expect(eventually(timeout: 60, every: 0.005) {
      if connect.stdout.contains("Authorized") { authorizedAt = Date() }
      return authorizedAt != nil
    })
    own.wait(timeout: 60)
    let sent = try #require(TwoUsersWorld.value("sent", in: own.stdout).flatMap(TimeInterval.init))
    let delay = (authorizedAt ?? .distantFuture).timeIntervalSince1970 - sent
    #expect(delay < 1, "the callback waited \(delay) s")
    #expect(TwoUsersWorld.value("status", in: own.stdout) == "200")
    // Every attacker connection was ended unread: answered 403, or cut to make room.
    holder.writeLine("report")
    #expect(holder.waitForOutput("ended ", timeout: 120))
    let ended = TwoUsersWorld.value("ended", in: holder.stdout) ?? "?"
    #expect(ended.hasSuffix(" open=0 other=0"), "\(ended)")
    holder.closeInput()
    holder.wait()
    #expect(connect.wait(timeout: 60) == 0)
    TwoUsersWorld.figure(
      String(
        format: "capacity: 200 idle attacker connections (ended unread: %@); the victim's "
          + "callback was taken %.3f s after it was sent (must be < 1 s)", ended, delay))
  }

  @Test("a key file, database or data directory others can read is refused with chmod and rekey advice; doctor exits non-zero; nothing changes")
  func looseFiles() throws {
    #expect(try world.run(victim, ["accounts"]).status == 0)
    let home = world.victimHome
    for (path, loose, fixed) in [
      ("\(home)/key", 0o644, 0o600), ("\(home)/tractok.db", 0o644, 0o600), (home, 0o755, 0o700),
    ] {
      chmod(path, mode_t(loose))
      let token = try world.run(victim, ["token"])
      #expect(token.status == 1)
      #expect(token.stderr.contains("chmod \(String(fixed, radix: 8)) \(path)"), "\(token.stderr)")
      #expect(token.stderr.contains("tractok rekey"))
      let doctor = try world.run(victim, ["doctor"])
      #expect(doctor.status != 0)
      #expect(doctor.stdout.contains("[FIX ] other users of this machine"))
      #expect(PrivateFiles.mode(of: path) == loose)
      chmod(path, mode_t(fixed))
    }
    #expect(try world.run(victim, ["doctor"]).status == 0)
    TwoUsersWorld.figure("files: key 0644, database 0644, directory 0755 each refused (exit 1), doctor non-zero")
  }

  @Test("a running tractok is not dumpable: its /proc files belong to root, and it writes no core")
  func notDumpable() throws {
    let (connect, _) = try world.connect()
    let pid = connect.process.processIdentifier
    #expect(TwoUsersWorld.status(pid, "Uid")?.hasPrefix("\(victim.uid)") == true)
    var info = stat()
    #expect(stat("/proc/\(pid)/environ", &info) == 0)
    #expect(info.st_uid == 0)
    let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
    let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
    // The soft limit writes no core file; the hard one is kept so that `tractok exec` can give
    // its command the limit the user had (and a process that is not dumpable, as the root-owned
    // /proc files above show, writes no core either way).
    #expect(core.map { $0.split(separator: " ").dropFirst(4).first } == "0")
    // Not even the victim (let alone the attacker) can read its environment.
    for user in [victim, attacker] {
      let read = try TractokBinary.run(
        user.arguments("/bin/cat", ["/proc/\(pid)/environ"]), environment: [:],
        executable: LocalUser.setpriv)
      #expect(read.status != 0)
    }
    connect.signal(SIGINT)
    connect.wait()
    TwoUsersWorld.figure("dumpable: /proc/PID/environ owned by uid 0 for a uid-\(victim.uid) tractok; core limit 0")
  }

  @Test("a 10 MB paste-back line is refused without echo and with memory bounded; the attempt still completes")
  func hugePaste() throws {
    let (connect, attempt) = try world.connect()
    #expect(connect.waitForOutput("Waiting up to"))
    let pid = connect.process.processIdentifier
    let kilobytes = { Int(TwoUsersWorld.status(pid, "VmHWM")?.split(separator: " ").first ?? "") ?? 0 }
    let before = kilobytes()
    connect.writeLine("http://127.0.0.1/callback/?code=" + String(repeating: "A", count: 10_000_000))
    #expect(eventually(timeout: 60) { connect.stderr.contains("longer than 8 KiB") })
    let after = kilobytes()
    #expect(before > 0 && after - before < 4096, "peak grew from \(before) kB to \(after) kB")
    #expect(!connect.stderr.contains("AAAAAAAA") && !connect.stdout.contains("AAAAAAAA"))
    connect.writeLine(try world.approve(attempt.url))
    #expect(connect.wait(timeout: 60) == 0, "\(connect.stdout)\(connect.stderr)")
    TwoUsersWorld.figure("paste: a 10 MB line refused; peak memory \(before) kB before, \(after) kB after")
  }

  @Test("the sandbox's pages, control endpoints and ledger refuse the attacker, unless TRACTOK_CALLBACK_USERS names it")
  func sandboxRefusesAttacker() throws {
    func serve(_ extra: [String: String]) throws -> (InteractiveProcess, String) {
      let sandbox = try world.start(victim, ["sandbox"], extra)
      #expect(sandbox.waitForOutput("listening on "))
      let base = try #require(
        TwoUsersWorld.value("tractok sandbox listening on", in: sandbox.stdout))
      return (sandbox, base)
    }
    let (sandbox, base) = try serve([:])
    for path in ["/_sandbox/ledger", "/", "/_sandbox/accounts", "/v2/auth/authorize/?client_key=x"] {
      let seen = try world.get(attacker, base + path)
      #expect(TwoUsersWorld.value("status", in: seen.stdout) == "403", "\(path)")
    }
    #expect(TwoUsersWorld.value("status", in: try world.get(victim, base + "/_sandbox/ledger").stdout) == "200")
    sandbox.signal(SIGINT)
    sandbox.wait()
    let (trusting, trustingBase) = try serve(["TRACTOK_CALLBACK_USERS": "\(attacker.uid)"])
    #expect(
      TwoUsersWorld.value("status", in: try world.get(attacker, trustingBase + "/_sandbox/ledger").stdout) == "200")
    trusting.signal(SIGINT)
    trusting.wait()
    TwoUsersWorld.figure("sandbox: ledger, control and pages answer the attacker 403 (200 once TRACTOK_CALLBACK_USERS names it)")
  }
}
