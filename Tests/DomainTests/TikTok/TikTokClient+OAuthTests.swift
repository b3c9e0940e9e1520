import Domain
import Foundation
import Testing

@Suite("TikTok client: token exchange, refresh and revoke")
struct TikTokClientOAuthTests {
  let code = Secret("wFPH5D*0!+/%6410")
  let verifier = Secret(String(repeating: "v", count: 64))
  let redirect = "http://127.0.0.1:8723/callback/"

  private func exchange(
    _ answers: [Result<HTTPResponse, TransportFailure>], clock: TestClock = TestClock()
  )
    async -> (Result<TokenGrant, DomainError>, FakeTransport)
  {
    let transport = FakeTransport(answers)
    let client = Canned.client(transport, clock: clock)
    do {
      let grant = try await client.exchangeCode(code, redirectURI: redirect, codeVerifier: verifier)
      return (.success(grant), transport)
    } catch {
      return (.failure(error), transport)
    }
  }

  @Test("a flat answer becomes a typed grant")
  func flatSuccess() async throws {
    let (result, _) = await exchange([Canned.json(200, Canned.grantJSON)])
    let grant = try result.get()
    #expect(grant.accessToken == Secret("act.9db86c59!5259"))
    #expect(grant.refreshToken == Secret("rft.e10a897y!5294"))
    #expect(grant.accessExpiresIn == 86400)
    #expect(grant.refreshExpiresIn == 31_536_000)
    #expect(grant.openID == "afd97af1-b87b")
    #expect(grant.scopes == ["user.info.basic", "video.list"])
  }

  @Test("the exchange sends every field form-encoded to /v2/oauth/token/")
  func exchangeRequest() async throws {
    let (_, transport) = await exchange([Canned.json(200, Canned.grantJSON)])
    let request = try #require(transport.requests.first)
    #expect(request.method == "POST")
    #expect(request.url == "https://open.tiktokapis.com/v2/oauth/token/")
    #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
    let body = String(decoding: request.body, as: UTF8.self)
    #expect(body.contains("code=wFPH5D%2A0%21%2B%2F%256410"))
    #expect(
      formFields(request) == [
        "client_key": "aw7nk86b7czitwc9", "client_secret": "s3cr3t-client-secret",
        "code": "wFPH5D*0!+/%6410", "grant_type": "authorization_code",
        "redirect_uri": redirect, "code_verifier": verifier.reveal,
      ])
  }

  @Test("the QR exchange sends neither verifier nor redirect URI when it has none")
  func qrExchange() async throws {
    let transport = FakeTransport([Canned.json(200, Canned.grantJSON)])
    _ = try await Canned.client(transport).exchangeCode(code, redirectURI: nil, codeVerifier: nil)
    let fields = formFields(try #require(transport.requests.first))
    #expect(fields["code_verifier"] == nil)
    #expect(fields["redirect_uri"] == nil)
    #expect(fields["code"] == code.reveal)
  }

  @Test("a legacy data wrapper is tolerated")
  func dataWrapped() async throws {
    let (result, _) = await exchange([
      Canned.json(200, "{\"data\":\(Canned.grantJSON),\"message\":\"success\"}")
    ])
    #expect(try result.get().openID == "afd97af1-b87b")
  }

  @Test("an error answered with HTTP 200 is the error it is")
  func errorWith200() async {
    let body = """
      {"error":"invalid_request","error_description":"Redirect_uri is not matched.",
       "log_id":"202206221854370101130062072500FFA2"}
      """
    let (result, _) = await exchange([Canned.json(200, body)])
    #expect(
      result.failure
        == .tikTok(
          TikTokError(
            code: "invalid_request", message: "Redirect_uri is not matched.",
            logID: "202206221854370101130062072500FFA2", httpStatus: 200)))
  }

  @Test("invalid_grant is reported once and never retried")
  func invalidGrant() async {
    let (result, transport) = await exchange([
      Canned.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Code is expired.\"}")
    ])
    guard case .tikTok(let error)? = result.failure else {
      Issue.record("expected a TikTok error")
      return
    }
    #expect(error.code == "invalid_grant")
    #expect(transport.requests.count == 1)
  }

  @Test("a PKCE mismatch keeps TikTok's message, sanitised")
  func pkceMismatch() async {
    let body = """
      {"error":"invalid_request",
       "error_description":"Code verifier or code challenge is invalid.\\u001b[31m"}
      """
    let (result, _) = await exchange([Canned.json(200, body)])
    guard case .tikTok(let error)? = result.failure else {
      Issue.record("expected a TikTok error")
      return
    }
    #expect(error.message == "Code verifier or code challenge is invalid.")
  }

  @Test(
    "malformed, truncated or wrongly typed answers are rejected",
    arguments: [
      "not json", "{'access_token':'act.1','expires_in':86", "[1,2]", "",
      "{'access_token':'act.1','expires_in':'86400','open_id':'o','refresh_token':'r',"
        + "'refresh_expires_in':1}",
      "{'access_token':42,'expires_in':86400}",
      "{'access_token':'act.1','expires_in':true,'open_id':'o'}",
      "{'access_token':'act 1','expires_in':86400,'open_id':'o','refresh_token':'r',"
        + "'refresh_expires_in':1}",
      "{'expires_in':86400,'open_id':'o'}",
    ])
  func malformed(body: String) async {
    let json = body.replacingOccurrences(of: "'", with: "\"")
    let (result, _) = await exchange([Canned.json(200, json)])
    guard case .malformedResponse? = result.failure else {
      Issue.record("expected malformedResponse, got \(String(describing: result.failure))")
      return
    }
  }

  @Test(
    "absurd lifetimes are rejected", arguments: ["-1", "0", "315360001", "1e30", "86400.5"])
  func absurdNumbers(expiresIn: String) async {
    let body = """
      {"access_token":"act.1","expires_in":\(expiresIn),"open_id":"o","refresh_token":"r",
       "refresh_expires_in":100}
      """
    let (result, _) = await exchange([Canned.json(200, body)])
    guard case .malformedResponse? = result.failure else {
      Issue.record("expected malformedResponse, got \(String(describing: result.failure))")
      return
    }
  }

  @Test("an exchange without open_id or refresh token is incomplete")
  func exchangeNeedsEverything() async {
    let noOpenID =
      "{\"access_token\":\"a\",\"expires_in\":10,\"refresh_token\":\"r\",\"refresh_expires_in\":10}"
    let noRefresh = "{\"access_token\":\"a\",\"expires_in\":10,\"open_id\":\"o\"}"
    for body in [noOpenID, noRefresh] {
      let (result, _) = await exchange([Canned.json(200, body)])
      #expect(
        result.failure.map { if case .malformedResponse = $0 { true } else { false } } == true)
    }
  }

  @Test("a refresh answer without refresh_token leaves it nil so the caller keeps the old one")
  func refreshWithoutRotation() async throws {
    let transport = FakeTransport([
      Canned.json(200, "{\"access_token\":\"act.new\",\"expires_in\":7200}")
    ])
    let grant = try await Canned.client(transport).refresh(Secret("rft.old"))
    #expect(grant.accessToken == Secret("act.new"))
    #expect(grant.refreshToken == nil)
    #expect(grant.refreshExpiresIn == nil)
    let fields = formFields(try #require(transport.requests.first))
    #expect(fields["grant_type"] == "refresh_token")
    #expect(fields["refresh_token"] == "rft.old")
  }

  @Test("a refresh is not retried after a 5xx, a timeout or a broken connection")
  func refreshNotRetriedWhenMaybeProcessed() async {
    let cases: [Result<HTTPResponse, TransportFailure>] = [
      Canned.json(500, "{\"error\":\"server_error\"}"), .failure(.timedOut),
      .failure(.interrupted("connection lost")),
    ]
    for answer in cases {
      let transport = FakeTransport([answer, Canned.json(200, Canned.grantJSON)])
      await #expect(throws: DomainError.self) {
        _ = try await Canned.client(transport).refresh(Secret("rft.old"))
      }
      #expect(transport.requests.count == 1)
    }
  }

  @Test("a code exchange is retried after a 5xx, a 429 or a request that never left; never after a lost answer")
  func exchangeRetrySafety() async {
    let retried: [Result<HTTPResponse, TransportFailure>] = [
      Canned.json(503, "{\"error\":\"temporarily_unavailable\"}"), Canned.json(429, "{}"),
      .failure(.notSent("connection refused")),
    ]
    for answer in retried {
      let (result, transport) = await exchange([answer, Canned.json(200, Canned.grantJSON)])
      #expect((try? result.get()) != nil)
      #expect(transport.requests.count == 2)
    }
    for answer in [TransportFailure.timedOut, .interrupted("connection reset")] {
      let (result, transport) = await exchange([.failure(answer), Canned.json(200, Canned.grantJSON)])
      #expect((try? result.get()) == nil)
      #expect(transport.requests.count == 1)
    }
  }

  @Test("no retry starts that could not finish before the deadline, and each attempt ends by it")
  func exchangeDeadline() async throws {
    let clock = TestClock()
    let transport = FakeTransport([
      Canned.json(503, "{}"), Canned.json(503, "{}"), Canned.json(200, Canned.grantJSON),
    ])
    let client = Canned.client(transport, clock: clock)
    await #expect(throws: DomainError.self) {
      _ = try await client.exchangeCode(
        code, redirectURI: redirect, codeVerifier: verifier,
        deadline: clock.now().addingTimeInterval(2.5))
    }
    // Backoff 1 s, then 2 s: the second retry would start 0.5 s before the deadline.
    #expect(transport.requests.count == 2)
    #expect(clock.sleeps == [1])
    #expect(transport.requests.allSatisfy { $0.timeout <= 2.5 })
  }

  @Test("a refresh is retried when the request provably never left")
  func refreshRetriedWhenNotSent() async throws {
    let clock = TestClock()
    let transport = FakeTransport([
      .failure(.notSent("connection refused")), Canned.json(200, Canned.grantJSON),
    ])
    let grant = try await Canned.client(transport, clock: clock).refresh(Secret("rft.old"))
    #expect(grant.refreshToken == Secret("rft.e10a897y!5294"))
    #expect(transport.requests.count == 2)
    #expect(clock.sleeps == [1])
  }

  @Test("a 429 with Retry-After waits exactly that long before the one retry")
  func rateLimitedWithRetryAfter() async throws {
    let clock = TestClock()
    let transport = FakeTransport([
      Canned.json(429, "{\"error\":\"rate_limit_exceeded\"}", headers: [("Retry-After", "7")]),
      Canned.json(200, Canned.grantJSON),
    ])
    _ = try await Canned.client(transport, clock: clock).refresh(Secret("rft.old"))
    #expect(clock.sleeps == [7])
    #expect(transport.requests.count == 2)
  }

  @Test("a 429 without Retry-After backs off with jitter")
  func rateLimitedWithoutRetryAfter() async throws {
    let clock = TestClock()
    let transport = FakeTransport([Canned.json(429, "{}"), Canned.json(200, Canned.grantJSON)])
    _ = try await Canned.client(transport, clock: clock, jitter: 0.5).refresh(Secret("rft.old"))
    #expect(clock.sleeps == [0.5])
  }

  @Test("a Retry-After beyond the wait limit ends the call as rate limited, without a retry")
  func rateLimitedTooLong() async {
    let clock = TestClock()
    let transport = FakeTransport([Canned.json(429, "{}", headers: [("Retry-After", "600")])])
    let client = Canned.client(transport, clock: clock)
    do {
      _ = try await client.refresh(Secret("rft.old"))
      Issue.record("expected rateLimited")
    } catch {
      #expect(error == .rateLimited(until: clock.now().addingTimeInterval(600)))
    }
    #expect(transport.requests.count == 1)
  }

  @Test("an HTML 502 page becomes a transient TikTok error")
  func htmlGatewayError() async {
    let transport = FakeTransport([
      .success(
        HTTPResponse(status: 502, contentType: "text/html", text: "<html>bad gateway</html>"))
    ])
    do {
      _ = try await Canned.client(transport).refresh(Secret("r"))
      Issue.record("expected a TikTok error")
    } catch {
      guard case .tikTok(let tikTok) = error else {
        Issue.record("expected a TikTok error")
        return
      }
      #expect(tikTok.code == "http_502")
      #expect(tikTok.isTransient)
    }
  }

  @Test("revoke sends the access token and accepts an empty or {} answer")
  func revokeSuccess() async throws {
    for body in ["", "{}"] {
      let transport = FakeTransport([Canned.json(200, body)])
      let outcome = try await Canned.client(transport).revoke(Secret("act.1"))
      #expect(outcome == .revoked)
      let request = try #require(transport.requests.first)
      #expect(request.url.hasSuffix("/v2/oauth/revoke/"))
      #expect(formFields(request)["token"] == "act.1")
    }
  }

  @Test("revoke treats invalid_grant, access_token_invalid and 401 as already revoked")
  func revokeAlreadyGone() async throws {
    let answers = [
      Canned.json(200, "{\"error\":\"invalid_grant\"}"),
      Canned.json(200, "{\"error\":\"access_token_invalid\"}"), Canned.json(401, ""),
    ]
    for answer in answers {
      let outcome = try await Canned.client(FakeTransport([answer])).revoke(Secret("act.1"))
      #expect(outcome == .alreadyRevoked)
    }
  }

  @Test("revoke reports other errors and network failures")
  func revokeFailure() async {
    await #expect(throws: DomainError.self) {
      _ = try await Canned.client(
        FakeTransport([Canned.json(200, "{\"error\":\"invalid_client\"}")])
      )
      .revoke(Secret("act.1"))
    }
    let failures: [Result<HTTPResponse, TransportFailure>] = Array(
      repeating: .failure(.interrupted("reset")), count: 4)
    do {
      _ = try await Canned.client(FakeTransport(failures)).revoke(Secret("act.1"))
      Issue.record("expected a network error")
    } catch {
      #expect(error == .network("reset"))
    }
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
