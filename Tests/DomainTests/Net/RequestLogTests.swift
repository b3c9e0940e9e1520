import Domain
import Foundation
import Testing

@Suite("Request log")
struct RequestLogTests {
  private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tractok-log-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("query values outside the allow-list are redacted, fragments dropped")
  func redactsQuery() {
    let target = RequestLogEntry.pathAndSafeQuery(
      of: "https://x.example/v2/user/info/?fields=open_id&access_token=act.1&code=c*1#frag")
    #expect(target == "/v2/user/info/?fields=open_id&access_token=<redacted>&code=<redacted>")
  }

  @Test("a line has method, path, status, duration and log_id and cannot be split")
  func lineFormat() {
    let entry = RequestLogEntry(
      date: Date(timeIntervalSince1970: 0), method: "POST",
      url: "https://open.tiktokapis.com/v2/oauth/token/", status: 200, durationMilliseconds: 12,
      logID: "L1\nforged line", attempt: 2)
    #expect(
      entry.line
        == "1970-01-01T00:00:00Z POST /v2/oauth/token/ 200 12ms log_id=L1_forged_line attempt=2")
  }

  @Test("a log_id or error with escape sequences loses them whole, as names do on screen")
  func sanitisesLikeTheScreen() {
    let entry = RequestLogEntry(
      date: Date(timeIntervalSince1970: 0), method: "POST",
      url: "https://open.tiktokapis.com/v2/oauth/token/", status: nil,
      failure: "reset \u{1B}]0;pwned\u{07}by peer", durationMilliseconds: 3,
      logID: "\u{1B}[31mL2\u{9B}0m\u{202E}x")
    #expect(
      entry.line
        == "1970-01-01T00:00:00Z POST /v2/oauth/token/ - 3ms log_id=L2x error=\"reset by peer\"")
  }

  @Test("no secret reaches the log file, which is created with mode 0600")
  func noSecretsInFile() async throws {
    let home = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let log = FileRequestLog(home: home.path)
    let grant = Canned.grantJSON
    let transport = FakeTransport([
      Canned.json(200, grant), Canned.json(200, grant),
      Canned.json(200, "{}", headers: [("X-Tt-Logid", "LOGID-42")]),
      Canned.json(200, TikTokClientDisplayTests.userJSON), .failure(.notSent("connection refused")),
    ])
    let client = Canned.client(transport, log: log)
    let verifier = Secret("verifier-" + String(repeating: "x", count: 40))
    _ = try await client.exchangeCode(
      Secret("code-SECRET*1"), redirectURI: "http://127.0.0.1:8723/callback/",
      codeVerifier: verifier)
    _ = try await client.refresh(Secret("rft.REFRESH-SECRET"))
    _ = try await client.revoke(Secret("act.ACCESS-SECRET"))
    _ = try await client.userInfo(
      accessToken: Secret("act.BEARER-SECRET"), grantedScopes: ["user.info.basic"])
    _ = try? await client.refresh(Secret("rft.OTHER-SECRET"))
    let text = try String(contentsOf: home.appendingPathComponent("tractok.log"), encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines.count >= 6)
    #expect(text.contains("POST /v2/oauth/token/ 200"))
    #expect(text.contains("log_id=LOGID-42"))
    #expect(text.contains("GET /v2/user/info/?fields=open_id"))
    #expect(text.contains("error=\"connection refused\""))
    let secrets = [
      "code-SECRET", "rft.REFRESH-SECRET", "act.ACCESS-SECRET", "act.BEARER-SECRET",
      "rft.OTHER-SECRET", verifier.reveal, "s3cr3t-client-secret", "act.9db86c59", "rft.e10a897y",
    ]
    for secret in secrets { #expect(!text.contains(secret), "\(secret.prefix(8)) leaked") }
    let mode =
      try FileManager.default.attributesOfItem(
        atPath: home.appendingPathComponent("tractok.log").path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }

  @Test("an existing log file with looser permissions is tightened to 0600")
  func tightensMode() throws {
    let home = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let path = home.appendingPathComponent("tractok.log").path
    #expect(
      FileManager.default.createFile(
        atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
    let log = FileRequestLog(path: path)
    log.record(
      RequestLogEntry(date: Date(), method: "GET", url: "/x", status: 200, durationMilliseconds: 1))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }
}
