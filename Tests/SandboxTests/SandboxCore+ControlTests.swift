import Foundation
import Testing

@testable import Sandbox

@Suite("Control endpoint")
struct SandboxControlTests {
  let sandbox: SandboxHarness

  init() throws { sandbox = try SandboxHarness() }

  func control(_ path: String, _ json: String) -> RawResponse { sandbox.postJSON(path, json) }

  @Test("GET /_sandbox/ledger serves the ledger as JSON")
  func ledger() throws {
    let tokens = try #require(sandbox.connect())
    let object = try #require(sandbox.get("/_sandbox/ledger").object)
    #expect((object["access_tokens_issued"] as? [String]) == [tokens.access_token])
    #expect((object["refresh_tokens_issued"] as? [String]) == [tokens.refresh_token])
    #expect((object["codes_consumed"] as? [String])?.count == 1)
    #expect(
      ((object["requests"] as? [String: Any])?["token"] as? [String: Any])?["200"] as? Int == 1)
    for key in [
      "codes_issued", "qr_tokens_issued", "refreshes", "reuse_events", "revocations",
      "rate_limited_responses",
    ] {
      #expect(object[key] != nil, "\(key)")
    }
  }

  @Test("POST /_sandbox/faults queues a fault for the next requests")
  func faults() throws {
    let tokens = try #require(sandbox.connect())
    let answer = control(
      "/_sandbox/faults", #"{"endpoint":"token","kind":"http_status","status":503,"count":2}"#)
    #expect(answer.status == 200)
    #expect(sandbox.refresh(tokens.refresh_token).status == 503)
    #expect(sandbox.refresh(tokens.refresh_token).status == 503)
    #expect(sandbox.refresh(tokens.refresh_token).status == 200)
  }

  @Test("a cleared fault queue lets requests through")
  func clear() throws {
    let tokens = try #require(sandbox.connect())
    _ = control("/_sandbox/faults", #"{"endpoint":"user_info","kind":"stall","count":5}"#)
    #expect(control("/_sandbox/faults", #"{"kind":"clear"}"#).status == 200)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 200)
  }

  @Test(
    "bad fault requests are refused with a reason",
    arguments: [
      #"{"endpoint":"nowhere","kind":"stall"}"#, #"{"endpoint":"token","kind":"explode"}"#,
      #"{"endpoint":"token","kind":"http_status"}"#, #"{"endpoint":"token","kind":"delay"}"#,
      #"{"endpoint":"token","kind":"stall","count":0}"#,
      #"{"endpoint":"token","kind":"rate_limited","retry_after":"5"}"#,
      "not json", "[]",
    ])
  func badFaults(body: String) {
    let answer = control("/_sandbox/faults", body)
    #expect(answer.status == 400)
    #expect((answer.object?["error"] as? String)?.isEmpty == false)
  }

  @Test(
    "every fault kind parses from its JSON",
    arguments: [
      (#"{"kind":"http_status","status":502}"#, SandboxFault.httpStatus(502)),
      (#"{"kind":"rate_limited","retry_after":3}"#, .rateLimited(retryAfter: 3)),
      (#"{"kind":"rate_limited"}"#, .rateLimited(retryAfter: nil)),
      (#"{"kind":"delay","delay_ms":250}"#, .delay(milliseconds: 250)),
      (#"{"kind":"stall"}"#, .stall), (#"{"kind":"malformed_json"}"#, .malformedJSON),
      (#"{"kind":"truncated_json"}"#, .truncatedJSON), (#"{"kind":"wrong_types"}"#, .wrongTypes),
      (#"{"kind":"absurd_numbers"}"#, .absurdNumbers(-5)),
      (
        #"{"kind":"absurd_numbers","value":1000000000000000}"#,
        .absurdNumbers(1_000_000_000_000_000)
      ),
      (#"{"kind":"invalid_grant"}"#, .invalidGrant),
      (#"{"kind":"access_token_invalid"}"#, .accessTokenInvalid),
      (#"{"kind":"scope_not_authorized"}"#, .scopeNotAuthorized),
      (#"{"kind":"missing_refresh_token"}"#, .missingRefreshToken),
      (#"{"kind":"error_status_200"}"#, .errorWithStatus200),
      (#"{"kind":"wrong_client_ticket"}"#, .wrongClientTicket),
    ])
  func faultKinds(json: String, fault: SandboxFault) throws {
    let value = try #require(SandboxJSONParser.parse(Array(json.utf8)))
    #expect(SandboxFault.from(value) == .success(fault))
  }

  @Test("POST /_sandbox/settings changes lifetimes and the rate limit, and refuses bad values")
  func settings() throws {
    let answer = control("/_sandbox/settings", #"{"access_ttl":10,"rate_limit":0,"code_ttl":5}"#)
    #expect(answer.status == 200)
    #expect(answer.object?["access_ttl"] as? Int == 10)
    #expect(sandbox.server.settings.accessTTL == 10)
    #expect(sandbox.server.settings.rateLimit == 0)
    #expect(sandbox.server.settings.codeTTL == 5)
    #expect(try #require(sandbox.connect()).expires_in == 10)
    #expect(control("/_sandbox/settings", #"{"access_ttl":0}"#).status == 400)
    #expect(control("/_sandbox/settings", #"{"rate_limit":"many"}"#).status == 400)
    #expect(sandbox.get("/_sandbox/settings").object?["rate_limit"] as? Int == 0)
  }

  @Test("POST /_sandbox/approve answers the redirect URL the button would produce")
  func approve() throws {
    let query = sandbox.authorizeQuery(state: "ctl")
    let json =
      #"{"authorize_url":"http://x/v2/auth/authorize/?"# + query
      + #"","account":"ana.nunez","scopes":["video.list"]}"#
    let answer = control("/_sandbox/approve", json)
    #expect(answer.status == 200)
    let url = try #require(answer.object?["redirect_url"] as? String)
    let items = SandboxHarness.items(url)
    #expect(items["state"] == "ctl" && items["scopes"] == "user.info.basic,video.list")
    #expect(control("/_sandbox/approve", #"{"authorize_url":"client_key=x"}"#).status == 400)
  }

  @Test("POST /_sandbox/accounts adds accounts that get grants of their own; taken names are refused")
  func addAccounts() throws {
    let json = #"{"accounts":[{"open_id":"fx-1","username":"fx1","display_name":"Fixture 1"}]}"#
    #expect(control("/_sandbox/accounts", json).object?["added"] as? Int == 1)
    #expect(sandbox.get("/_sandbox/accounts").text.contains("\"open_id\":\"fx-1\""))
    let pkce = PKCE.hex()
    let tokens = sandbox.exchange(code: sandbox.code(pkce: pkce, account: "fx-1"), verifier: pkce.verifier)
    #expect(tokens.decode(TokenBody.self)?.open_id == "fx-1")
    #expect(control("/_sandbox/accounts", json).status == 400)
    let taken = #"{"accounts":[{"open_id":"fx-2","username":"mayacooks"}]}"#
    #expect(control("/_sandbox/accounts", taken).status == 400)
    #expect(control("/_sandbox/accounts", #"{"accounts":[{"open_id":""}]}"#).status == 400)
    #expect(!sandbox.get("/_sandbox/accounts").text.contains("fx-2"))
  }

  @Test("POST /_sandbox/clock moves the sandbox's time forward")
  func clock() throws {
    let tokens = try #require(sandbox.connect())
    #expect(
      control("/_sandbox/clock", #"{"advance_seconds":7201}"#).object?["offset_seconds"] as? Int
        == 7201)
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id").status == 401)
    #expect(control("/_sandbox/clock", #"{"advance_seconds":-1}"#).status == 400)
  }

  @Test(
    "the index page shows the environment lines and escaped accounts; unknown control paths are 404"
  )
  func index() {
    let page = sandbox.get("/").text
    #expect(page.contains("TIKTOK_API_BASE_URL=http://127.0.0.1:\(sandbox.port)"))
    #expect(page.contains("@mayacooks"))
    #expect(!page.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
    #expect(sandbox.get("/_sandbox/accounts").text.contains("\"username\":\"novastars\""))
    #expect(sandbox.get("/_sandbox/nothing").status == 404)
  }

  @Test("the control page the UI and README name, /_sandbox/, is the index page")
  func controlPage() {
    let page = sandbox.get("/_sandbox/")
    #expect(page.status == 200)
    #expect(page.text == sandbox.get("/").text)
    #expect(page.text.contains("POST /_sandbox/faults"))
    #expect(sandbox.server.controlPageURL == "http://127.0.0.1:\(sandbox.port)/_sandbox/")
  }
}
