import Domain
import Foundation
import Storage
import Testing

@Suite("Callback listener over loopback sockets")
struct CallbackListenerTests {
  static func settings(timeout: TimeInterval = 300) -> AuthorizationSettings {
    AuthorizationSettings(
      clientKey: "aw7nk86b7czitwc9", authBaseURL: "https://www.tiktok.com", scopes: Scope.defaults,
      timeout: timeout)
  }

  /// A sign-in's listener; the test fails when the port could not be bound.
  static func listener(
    redirectURI: String = "http://127.0.0.1:*/callback/", listen: String? = nil,
    timeout: TimeInterval = 300, accountPageWait: TimeInterval = 0,
    observer: CallbackListener.Observer? = nil
  ) throws -> CallbackListener {
    let signIn = try BrowserSignIn.start(
      settings: settings(timeout: timeout), redirectURI: redirectURI, listen: listen,
      digest: OpenSSLDigest(), accountPageWait: accountPageWait, observer: observer)
    return try #require(signIn.listener, "\(String(describing: signIn.listenerProblem))")
  }

  static func request(
    _ listener: CallbackListener, _ target: String, host: String? = nil, method: String = "GET"
  )
    async -> RawExchange
  {
    let wire = Array(
      "\(method) \(target) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(listener.port)")\r\n\r\n".utf8)
    return await onThreads([wire], workers: 1) {
      RawSocket.exchange(port: listener.port, bytes: $0)
    }[0]
  }

  @Test("a valid callback is answered with a page and ends the attempt")
  func validCallback() async throws {
    let listener = try Self.listener()
    defer { listener.stop() }
    #expect(listener.attempt.redirectURI == "http://127.0.0.1:\(listener.port)/callback/")
    #expect(listener.attempt.authorizeURL.contains("%3A\(listener.port)%2Fcallback%2F"))
    let exchange = await Self.request(
      listener, "/callback/?code=CODE*zz!1&scopes=user.info.basic&state=\(listener.attempt.state)")
    #expect(exchange.status == 200)
    #expect(exchange.body.contains("You can close this tab"))
    #expect(!exchange.body.contains("CODE"))
    let callback = try await listener.attempt.result()
    #expect(callback.code == Secret("CODE*zz!1"))
    #expect(callback.redirectURI == listener.attempt.redirectURI)
  }

  @Test("localhost with the listener's port is an accepted Host")
  func localhostHost() async throws {
    let listener = try Self.listener()
    defer { listener.stop() }
    let exchange = await Self.request(
      listener, "/callback/?code=c&state=\(listener.attempt.state)",
      host: "localhost:\(listener.port)")
    #expect(exchange.status == 200)
  }

  @Test("the success page names the account once the terminal reports it")
  func namesAccount() async throws {
    let listener = try Self.listener(accountPageWait: 30)
    defer { listener.stop() }
    async let page = Self.request(listener, "/callback/?code=c&state=\(listener.attempt.state)")
    _ = try await listener.attempt.result()
    listener.reportConnected("Tik <Toker>")
    let exchange = await page
    #expect(exchange.body.contains("tractok connected Tik &lt;Toker&gt;."))
  }

  @Test(
    "wrong Host, wrong path and POST are answered, ignored and keep the attempt waiting",
    arguments: [
      ("GET", "evil.example", "/callback/", 400), ("GET", "127.0.0.1:1", "/callback/", 400),
      ("GET", nil, "/other/", 400), ("POST", nil, "/callback/", 405),
      ("HEAD", nil, "/callback/", 405),
    ] as [(String, String?, String, Int)])
  func refused(method: String, host: String?, path: String, status: Int) async throws {
    let listener = try Self.listener()
    defer { listener.stop() }
    let exchange = await Self.request(
      listener, "\(path)?code=c&state=\(listener.attempt.state)", host: host, method: method)
    #expect(exchange.status == status)
    #expect(listener.attempt.outcome == .waiting)
    let valid = await Self.request(listener, "/callback/?code=c&state=\(listener.attempt.state)")
    #expect(valid.status == 200)
  }

  @Test("the page for a denial says what TikTok reported, escaped")
  func deniedPage() async throws {
    let listener = try Self.listener()
    defer { listener.stop() }
    let exchange = await Self.request(
      listener,
      "/callback/?error=access_denied&error_description=%3Cscript%3Ex"
        + "&state=\(listener.attempt.state)"
    )
    #expect(exchange.status == 200)
    #expect(exchange.body.contains("TikTok reported access_denied: &lt;script&gt;x"))
    #expect(!exchange.body.contains("<script>"))
  }

  @Test("a second callback after success is refused")
  func secondCallback() async throws {
    let listener = try Self.listener()
    defer { listener.stop() }
    _ = await Self.request(listener, "/callback/?code=first&state=\(listener.attempt.state)")
    let second = await Self.request(
      listener, "/callback/?code=second&state=\(listener.attempt.state)")
    // Either answered "already finished" or, once shut down, not answered at all.
    #expect(second.status != 200)
    #expect(try await listener.attempt.result().code == Secret("first"))
  }

  @Test("after a success the listener shuts itself down")
  func stopsAfterSuccess() async throws {
    let listener = try Self.listener()
    _ = await Self.request(listener, "/callback/?code=c&state=\(listener.attempt.state)")
    let port = listener.port
    #expect(await eventually(timeout: 15) { RawSocket.connectLoopback(port: port).closingIfOpen() })
  }

  @Test("paste-back feeds the same attempt: the first valid one wins")
  func pasteBackWins() async throws {
    let listener = try Self.listener()
    defer { listener.stop() }
    let state = listener.attempt.state
    #expect(
      listener.attempt.submit(
        "  http://127.0.0.1:\(listener.port)/callback/?code=pasted&state=\(state) "
      ).isFinal)
    let browser = await Self.request(listener, "/callback/?code=browser&state=\(state)")
    #expect(browser.status != 200)
    #expect(try await listener.attempt.result().code == Secret("pasted"))
  }

  @Test("no callback within the timeout ends the attempt as timed out and stops listening")
  func timeout() async throws {
    let listener = try Self.listener(timeout: 0.3)
    await #expect(throws: DomainError.timedOut("the wait for TikTok's redirect (1 s)")) {
      _ = try await listener.attempt.result()
    }
    let port = listener.port
    #expect(await eventually(timeout: 15) { RawSocket.connectLoopback(port: port).closingIfOpen() })
  }

  @Test("the observer sees every request's verdict")
  func observer() async throws {
    let seen = Shared<[CallbackVerdict]>([])
    let listener = try Self.listener { _, verdict in seen.withLock { $0.append(verdict) } }
    defer { listener.stop() }
    _ = await Self.request(listener, "/callback/?code=c&state=nope")
    _ = await Self.request(listener, "/callback/?code=c&state=nope", method: "POST")
    #expect(seen.value == [.rejected(.stateMismatch), .rejected(.wrongMethod)])
  }

  @Test("a localhost redirect URI is listened for on 127.0.0.1 and ::1",
    .enabled(if: LoopbackServerTests.hasIPv6Loopback, "needs ::1"))
  func localhostBindsBoth() async throws {
    let listener = try Self.listener(redirectURI: "http://localhost:*/callback/")
    defer { listener.stop() }
    let port = listener.port
    let target = "/callback/?code=c&state=\(listener.attempt.state)"
    let wire = Array("GET \(target) HTTP/1.1\r\nHost: localhost:\(port)\r\n\r\n".utf8)
    let exchange = await onThreads([wire], workers: 1) {
      RawSocket.exchange(port: port, bytes: $0, ipv6: true)
    }[0]
    #expect(exchange.status == 200)
    #expect(try await listener.attempt.result().code == Secret("c"))
  }

  @Test("behind a proxy the listener binds TRACTOK_LISTEN and accepts the public Host")
  func proxy() async throws {
    let probe = try LoopbackServer { _ in HTTPResponse(status: 200) }
    let port = probe.port
    probe.stop()
    let listener = try Self.listener(
      redirectURI: "https://auth.example.com/tiktok/callback/", listen: "127.0.0.1:\(port)")
    defer { listener.stop() }
    #expect(listener.port == port)
    #expect(listener.attempt.redirectURI == "https://auth.example.com/tiktok/callback/")
    let exchange = await Self.request(
      listener, "/tiktok/callback/?code=c&state=\(listener.attempt.state)", host: "auth.example.com"
    )
    #expect(exchange.status == 200)
  }
}

extension Int32 {
  /// True when the connect failed (nothing listening); closes the socket otherwise.
  func closingIfOpen() -> Bool {
    guard self >= 0 else { return true }
    close(self)
    return false
  }
}
