import Foundation
import Sandbox
import Testing

@Suite("Ledger")
struct SandboxLedgerTests {
  @Test("the ledger holds every secret issued, in full, for leak checks")
  func secrets() throws {
    let sandbox = try SandboxHarness()
    let tokens = try #require(sandbox.connect())
    let refreshed = try #require(sandbox.refresh(tokens.refresh_token).decode(TokenBody.self))
    let qr = sandbox.postForm(
      "/v2/oauth/get_qrcode/",
      [("client_key", sandbox.settings.clientKey), ("scope", "user.info.basic")])
    let qrToken = try #require(qr.object?["token"] as? String)
    let ledger = sandbox.server.ledger()
    let secrets = Set(ledger.allSecrets)
    for secret in [
      tokens.access_token, tokens.refresh_token, refreshed.access_token, refreshed.refresh_token,
      qrToken,
    ] {
      #expect(secrets.contains(secret))
    }
    #expect(ledger.codesIssued.count == 1 && ledger.codesConsumed == ledger.codesIssued)
    #expect(ledger.refreshes == [tokens.open_id: 1])
  }

  @Test("requests are counted per endpoint and status")
  func counts() throws {
    let sandbox = try SandboxHarness()
    let tokens = try #require(sandbox.connect())
    _ = sandbox.userInfo(tokens.access_token, fields: "open_id")
    _ = sandbox.userInfo("act.nope", fields: "open_id")
    _ = sandbox.userInfo(tokens.access_token, fields: "nope")
    let ledger = sandbox.server.ledger()
    #expect(ledger.count(.userInfo) == 3)
    #expect(ledger.count(.userInfo, status: 200) == 1)
    #expect(ledger.count(.userInfo, status: 401) == 1)
    #expect(ledger.count(.userInfo, status: 400) == 1)
    #expect(ledger.count(.token) == 1)
    #expect(ledger.count(.videoList) == 0)
    #expect(ledger.json.contains("\"user_info\":{\"200\":1,\"400\":1,\"401\":1}"))
  }
}
