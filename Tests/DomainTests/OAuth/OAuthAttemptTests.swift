import Domain
import Foundation
import Storage
import Synchronization
import Testing

@Suite("OAuth attempt")
struct OAuthAttemptTests {
  let settings = AuthorizationSettings(
    clientKey: "aw7nk86b7czitwc9", authBaseURL: "https://www.tiktok.com/",
    scopes: ["user.info.basic", "video.list"])
  let redirect = "http://127.0.0.1:8723/callback/"

  private func attempt(timeout: TimeInterval = 300) -> OAuthAttempt {
    var settings = settings
    settings.timeout = timeout
    return OAuthAttempt(settings: settings, redirectURI: redirect, digest: OpenSSLDigest())
  }

  /// The authorize URL's parameters, in order, decoded once.
  private func parameters(_ url: String) -> [(String, String)] {
    let query = url.split(separator: "?", maxSplits: 1).last ?? ""
    return query.split(separator: "&").map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1)
      let value = FormEncoding.percentDecode(parts[1]).map { String(decoding: $0, as: UTF8.self) }
      return (String(parts[0]), value ?? "")
    }
  }

  @Test("the authorize URL carries exactly TikTok's parameters")
  func authorizeURL() {
    let attempt = attempt()
    let url = attempt.authorizeURL
    #expect(url.hasPrefix("https://www.tiktok.com/v2/auth/authorize/?client_key=aw7nk86b7czitwc9&"))
    #expect(url.contains("&scope=user.info.basic%2Cvideo.list&"))
    #expect(url.contains("&redirect_uri=http%3A%2F%2F127.0.0.1%3A8723%2Fcallback%2F&"))
    let parameters = parameters(url)
    #expect(
      parameters.map(\.0) == [
        "client_key", "response_type", "scope", "redirect_uri", "state", "code_challenge",
        "code_challenge_method", "disable_auto_auth",
      ])
    let values = Dictionary(uniqueKeysWithValues: parameters)
    #expect(values["response_type"] == "code")
    #expect(values["scope"] == "user.info.basic,video.list")
    #expect(values["redirect_uri"] == redirect)
    #expect(values["state"] == attempt.state)
    #expect(values["code_challenge"] == OpenSSLDigest().hexSHA256(attempt.pkce.verifier.reveal))
    #expect(values["code_challenge_method"] == "S256")
    #expect(values["disable_auto_auth"] == "1")
    #expect(!url.contains(attempt.pkce.verifier.reveal))
  }

  @Test("what ends with the attempt is done before its waiter hears of the end")
  func observersBeforeWaiters() async {
    let attempt = attempt()
    let cleaned = Mutex(false)
    attempt.onFinish { _ in
      // A slow clean-up (the handoff page's unlink, on a loaded machine).
      usleep(100_000)
      cleaned.withLock { $0 = true }
    }
    Thread { attempt.cancel() }.start()
    _ = try? await attempt.result()
    #expect(cleaned.withLock { $0 })
  }

  @Test("every attempt has a fresh 256-bit state and verifier")
  func freshness() {
    let attempts = (0..<40).map { _ in attempt() }
    for attempt in attempts {
      #expect(attempt.state.count == 43)
      #expect(attempt.state.utf8.allSatisfy(FormEncoding.isUnreserved))
    }
    #expect(Set(attempts.map(\.state)).count == 40)
    #expect(Set(attempts.map(\.pkce.verifier.reveal)).count == 40)
  }

  @Test("a valid callback ends the attempt with what the exchange needs")
  func authorized() async throws {
    let attempt = attempt()
    let verdict = attempt.submit(
      "\(redirect)?code=C*1&scopes=user.info.basic&state=\(attempt.state)")
    #expect(verdict == .authorized(code: Secret("C*1"), grantedScopes: ["user.info.basic"]))
    let callback = try await attempt.result()
    #expect(callback.code == Secret("C*1"))
    #expect(callback.redirectURI == redirect)
    #expect(callback.codeVerifier == attempt.pkce.verifier)
    #expect(callback.grantedScopes == ["user.info.basic"])
    #expect(callback.requestedScopes == ["user.info.basic", "video.list"])
  }

  @Test("a second callback after success is refused and changes nothing")
  func singleUse() throws {
    let attempt = attempt()
    attempt.submit("code=first&state=\(attempt.state)")
    #expect(attempt.submit("code=second&state=\(attempt.state)") == .rejected(.attemptFinished))
    guard case .authorized(let callback) = attempt.outcome else {
      Issue.record("expected authorized")
      return
    }
    #expect(callback.code == Secret("first"))
  }

  @Test("refused callbacks leave the attempt waiting")
  func rejectionsDoNotEnd() {
    let attempt = attempt()
    #expect(attempt.submit("code=a&state=wrong") == .rejected(.stateMismatch))
    #expect(attempt.submit("garbage") == .rejected(.missingCodeOrError))
    #expect(attempt.outcome == .waiting)
  }

  @Test("a denial ends the attempt as authorizationDenied")
  func denial() async {
    let attempt = attempt()
    attempt.submit("error=access_denied&error_description=User%20cancelled&state=\(attempt.state)")
    await #expect(
      throws: DomainError.authorizationDenied(code: "access_denied", description: "User cancelled")
    ) {
      _ = try await attempt.result()
    }
  }

  @Test("the attempt times out with a clear message")
  func timeout() async {
    let attempt = attempt(timeout: 0.2)
    do {
      _ = try await attempt.result()
      Issue.record("expected a timeout")
    } catch {
      #expect(error == .timedOut("the wait for TikTok's redirect (1 s)"))
      #expect(error.message.contains("timed out"))
    }
    #expect(attempt.submit("code=a&state=\(attempt.state)") == .rejected(.attemptFinished))
  }

  @Test("cancelling ends a waiting attempt, and a waiter's cancellation cancels it")
  func cancellation() async {
    let attempt = attempt()
    let waiter = Task { try await attempt.result() }
    waiter.cancel()
    await #expect(throws: DomainError.cancelled) { _ = try await waiter.value }
    #expect(attempt.outcome == .failed(.cancelled))
  }

  @Test("a result awaited before the callback arrives is delivered")
  func awaitsCallback() async throws {
    let attempt = attempt()
    let waiter = Task { try await attempt.result() }
    attempt.submit("code=late&state=\(attempt.state)")
    #expect(try await waiter.value.code == Secret("late"))
  }
}
