import Domain
import Foundation
import Glibc
import Storage
import Testing

@testable import Sandbox

/// Two sandboxes on one state file stand for two tractok processes (the UI and a cron job).
@Suite("Sandbox state shared through a file")
struct SandboxStateFileTests {
  let directory: TemporaryDirectory
  let path: String

  init() throws {
    directory = try TemporaryDirectory()
    path = directory.file("sandbox.json")
  }

  /// Two sandboxes on different ports sharing `path`.
  func pair(_ settings: SandboxSettings = SandboxSettings()) throws -> (
    SandboxHarness, SandboxHarness
  ) {
    var settings = settings
    settings.stateFile = path
    return (try SandboxHarness(settings), try SandboxHarness(settings))
  }

  /// The records as a third process loads them from the file.
  func records() throws -> SandboxRecords? {
    let file = try SandboxStateFile(path: path)
    var state = SandboxState(settings: SandboxSettings(), accounts: [], digest: OpenSSLDigest())
    return file.transaction(&state) { state, _ in state.records }
  }

  @Test("a code issued by one sandbox is exchanged at the other, once")
  func codeAcrossProcesses() throws {
    let (a, b) = try pair()
    #expect(a.port != b.port)
    let pkce = PKCE.hex()
    let code = a.code(pkce: pkce)
    let tokens = try #require(
      b.exchange(code: code, verifier: pkce.verifier).decode(TokenBody.self))
    #expect(a.userInfo(tokens.access_token, fields: "open_id").status == 200)
    let again = a.exchange(code: code, verifier: pkce.verifier).decode(OAuthErrorBody.self)
    #expect(again?.error_description == "Authorization code has been used.")
    #expect(a.server.ledger().codesConsumed == [code])
    #expect(b.server.ledger().accessTokensIssued == [tokens.access_token])
  }

  @Test("a pair issued by A refreshes at B, and the old refresh token at A is reuse")
  func strictRotationAcrossProcesses() throws {
    let (a, b) = try pair()
    let first = try #require(a.connect())
    let second = try #require(b.refresh(first.refresh_token).decode(TokenBody.self))
    #expect(second.open_id == first.open_id && second.refresh_token != first.refresh_token)
    #expect(a.userInfo(second.access_token, fields: "open_id").status == 200)
    let reused = a.refresh(first.refresh_token).decode(OAuthErrorBody.self)
    #expect(reused?.error == "invalid_grant")
    #expect(b.refresh(second.refresh_token).decode(OAuthErrorBody.self)?.error == "invalid_grant")
    #expect(b.userInfo(second.access_token, fields: "open_id").status == 401)
    #expect(a.server.ledger().reuseEvents == [first.open_id])
    #expect(b.server.ledger().refreshes == [first.open_id: 1])
  }

  @Test("a QR code started at A is polled at B and its code exchanged at B")
  func qrAcrossProcesses() throws {
    let (a, b) = try pair()
    let start = a.postForm(
      "/v2/oauth/get_qrcode/",
      [("client_key", a.settings.clientKey), ("scope", "user.info.basic")])
    let qr = try #require(start.object)
    let token = try #require(qr["token"] as? String)
    let url = try #require(qr["scan_qrcode_url"] as? String)
    let poll = {
      b.postForm(
        "/v2/oauth/check_qrcode/",
        [
          ("client_key", b.settings.clientKey), ("client_secret", b.settings.clientSecret),
          ("token", token),
        ]
      ).object
    }
    #expect(poll()?["status"] as? String == "new")
    let drawn = url.replacingOccurrences(of: "tobefilled", with: "ticket-1")
    #expect(a.server.scanQR(token: token, scannedURL: drawn) == .success("ticket-1"))
    #expect(poll()?["status"] as? String == "scanned")
    #expect(throws: Never.self) {
      try b.server.confirmQR(token: token, accountID: "mayacooks").get()
    }
    let confirmed = try #require(poll())
    #expect(confirmed["status"] as? String == "confirmed")
    let code = try #require(
      SandboxHarness.items(confirmed["redirect_uri"] as? String ?? "")["code"])
    let exchanged = b.postForm(
      "/v2/oauth/token/",
      [
        ("client_key", b.settings.clientKey), ("client_secret", b.settings.clientSecret),
        ("code", code), ("grant_type", "authorization_code"),
      ])
    #expect(exchanged.decode(TokenBody.self)?.open_id == SandboxCatalog.accounts.first?.openID)
    #expect(poll()?["status"] as? String == "utilised")
  }

  @Test("rate-limit windows are shared: calls at A and B fill one window")
  func sharedRateLimit() throws {
    let (a, b) = try pair(SandboxSettings(rateLimit: 3))
    let tokens = try #require(a.connect())
    #expect(a.userInfo(tokens.access_token, fields: "open_id").status == 200)
    #expect(b.userInfo(tokens.access_token, fields: "open_id").status == 200)
    #expect(a.userInfo(tokens.access_token, fields: "open_id").status == 200)
    #expect(b.userInfo(tokens.access_token, fields: "open_id").status == 429)
    #expect(a.userInfo(tokens.access_token, fields: "open_id").status == 429)
    #expect(a.server.ledger().rateLimitedResponses == 2)
  }

  @Test("the clock offset and queued faults are shared: a fault set at A hits B's next call")
  func clockAndFaultsShared() throws {
    let (a, b) = try pair()
    let tokens = try #require(a.connect())
    #expect(a.server.inject(.httpStatus(503), endpoint: .token))
    #expect(b.refresh(tokens.refresh_token).status == 503)
    // Taken once, by whichever process asked first.
    let refreshed = try #require(a.refresh(tokens.refresh_token).decode(TokenBody.self))
    #expect(b.server.inject(.invalidGrant, endpoint: .token, count: 2))
    #expect(a.server.clearFaults())
    #expect(b.refresh(refreshed.refresh_token).status == 200)
    let pkce = PKCE.hex()
    let code = b.code(pkce: pkce)
    #expect(a.server.advanceClock(by: 61))
    let late = b.exchange(code: code, verifier: pkce.verifier).decode(OAuthErrorBody.self)
    #expect(late?.error_description == "Authorization code is expired.")
  }

  @Test("a state file written before faults were shared still loads, with no faults queued")
  func olderFileLoads() throws {
    let (a, _) = try pair()
    let tokens = try #require(a.connect())
    a.server.stop()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!text.contains("queuedFaults"))
    var settings = SandboxSettings()
    settings.stateFile = path
    let later = try SandboxHarness(settings)
    #expect(later.refresh(tokens.refresh_token).status == 200)
  }

  @Test("a sandbox started later on the same file refreshes what an earlier one issued")
  func restart() throws {
    var settings = SandboxSettings()
    settings.stateFile = path
    let first = try SandboxHarness(settings)
    let tokens = try #require(first.connect())
    first.server.stop()
    let second = try SandboxHarness(settings)
    #expect(second.refresh(tokens.refresh_token).decode(TokenBody.self)?.open_id == tokens.open_id)
  }

  @Test("sandboxes without a state file share nothing, as before")
  func inMemoryUnchanged() throws {
    let a = try SandboxHarness()
    let b = try SandboxHarness()
    let tokens = try #require(a.connect())
    #expect(b.refresh(tokens.refresh_token).decode(OAuthErrorBody.self)?.error == "invalid_grant")
    #expect(a.refresh(tokens.refresh_token).status == 200)
    #expect(directory.names.isEmpty)
  }

  @Test("a corrupt state file is moved aside and the sandbox still serves")
  func corruptFile() throws {
    try Data("{\"version\":1,\"records\":{\"codes\":[".utf8).write(to: URL(fileURLWithPath: path))
    let (a, _) = try pair()
    #expect(a.connect() != nil)
    let aside = directory.names.filter { $0.hasPrefix("sandbox.json.corrupt-") }
    #expect(aside.count == 1)
    let kept = try String(contentsOfFile: directory.file(aside.first ?? ""), encoding: .utf8)
    #expect(kept == "{\"version\":1,\"records\":{\"codes\":[")
    #expect(try records()?.grants.count == 1)
  }

  @Test("the state file and its lock file are private (0600)")
  func privateFiles() throws {
    let (a, _) = try pair()
    #expect(a.connect() != nil)
    for name in ["sandbox.json", "sandbox.json.lock"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: directory.file(name))
      #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
    }
  }

  @Test("reads and refused control calls do not rewrite the file")
  func noWriteWithoutChange() throws {
    let (a, b) = try pair()
    #expect(a.connect() != nil)
    // Every save renames a new file into place, so the inode tells whether one happened.
    let inode = { () -> UInt64? in
      var info = stat()
      return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }
    let before = try #require(inode())
    _ = b.server.ledger()
    #expect(b.server.scanQR(token: "unknown", scannedURL: "x") == .failure(.unknownQRCode))
    #expect(inode() == before)
    #expect(b.server.advanceClock(by: 1))
    #expect(inode() != before, "a change does rewrite it")
  }

  @Test("a state file deleted by hand is noticed: the sandbox starts from empty records")
  func deletedByHand() throws {
    let (a, _) = try pair()
    let tokens = try #require(a.connect())
    try FileManager.default.removeItem(atPath: path)
    #expect(a.refresh(tokens.refresh_token).decode(OAuthErrorBody.self)?.error == "invalid_grant")
  }

  @Test("when the file cannot be written the request fails with 503 and changes nothing")
  func unwritable() throws {
    let (a, b) = try pair()
    let tokens = try #require(a.connect())
    // A directory where the temporary file goes makes every save fail, even for root.
    try FileManager.default.createDirectory(
      atPath: path + ".tmp", withIntermediateDirectories: false)
    let refused = b.refresh(tokens.refresh_token)
    #expect(refused.status == 503)
    #expect(refused.decode(OAuthErrorBody.self)?.error == "temporarily_unavailable")
    let approval = a.server.approve(authorizeQuery: a.authorizeQuery())
    #expect(approval == .failure(.stateFileUnavailable))
    try FileManager.default.removeItem(atPath: path + ".tmp")
    #expect(a.refresh(tokens.refresh_token).status == 200, "the refused refresh never happened")
    #expect(b.server.ledger().refreshes == [tokens.open_id: 1])
  }

  @Test("a state file in a missing directory is refused at start")
  func missingDirectory() throws {
    let settings = SandboxSettings(stateFile: directory.file("missing/sandbox.json"))
    #expect(throws: DomainError.self) {
      _ = try SandboxServer(settings: settings, digest: OpenSSLDigest())
    }
  }

  @Test("200 refreshes on 8 threads over both sandboxes all rotate; one live token per grant")
  func hammer() throws {
    let (a, b) = try pair(SandboxSettings(rateLimit: 0))
    let chains = 8
    let rounds = 25
    let starts = (0..<chains).compactMap { _ in a.connect()?.refresh_token }
    try #require(starts.count == chains)
    let ports = [a.port, b.port]
    let settings = a.settings
    let finals = Shared([Int: String]())
    Threads.run(chains) { chain in
      var token = starts[chain]
      for round in 0..<rounds {
        let port = ports[(chain + round) % 2]
        let answer = SandboxHarness.refresh(port: port, token: token, settings: settings)
        guard let body = answer?.decode(TokenBody.self) else { return }
        token = body.refresh_token
      }
      finals.update { $0[chain] = token }
    }
    #expect(finals.value.count == chains, "every chain finished all its refreshes")
    let records = try #require(try records())
    let live = records.refreshTokens.filter { $0.value.rotatedAt == nil }.map(\.key)
    #expect(Set(live) == Set(finals.value.values))
    #expect(records.refreshTokens.count == chains * (rounds + 1))
    let ledger = b.server.ledger()
    #expect(Set(ledger.refreshTokensIssued).count == chains * (rounds + 1))
    #expect(ledger.refreshes.values.reduce(0, +) == chains * rounds)
    #expect(ledger.reuseEvents.isEmpty)
  }

  @Test("racing refreshes of one token at both sandboxes: one wins, the rest are invalid_grant")
  func race() throws {
    let (a, b) = try pair(SandboxSettings(rateLimit: 0))
    let grants = 6
    let racers = 4
    let tokens = (0..<grants).compactMap { _ in a.connect()?.refresh_token }
    try #require(tokens.count == grants)
    let ports = [a.port, b.port]
    let settings = a.settings
    let outcomes = Shared([String: [String]]())
    Threads.run(grants * racers) { index in
      let token = tokens[index / racers]
      let answer = SandboxHarness.refresh(port: ports[index % 2], token: token, settings: settings)
      let outcome =
        answer?.decode(TokenBody.self) != nil
        ? "ok" : answer?.decode(OAuthErrorBody.self)?.error ?? "broken \(answer?.status ?? -1)"
      outcomes.update { $0[token, default: []].append(outcome) }
    }
    for token in tokens {
      let seen = (outcomes.value[token] ?? []).sorted()
      #expect(seen == ["invalid_grant", "invalid_grant", "invalid_grant", "ok"])
    }
    let records = try #require(try records())
    #expect(records.grants.values.allSatisfy { $0.revoked }, "reuse revoked every grant")
    #expect(records.refreshTokens.count == grants * 2)
    #expect(b.server.ledger().reuseEvents.count == grants)
    #expect(a.server.ledger().refreshes.values.reduce(0, +) == grants)
  }
}
