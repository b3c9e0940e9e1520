import Domain
import Foundation
import Storage
import Testing

@Suite("A browser sign-in: the attempt always, the listener when its port can be bound")
struct BrowserSignInTests {
  static func start(_ redirectURI: String, listen: String? = nil) throws -> BrowserSignIn {
    try BrowserSignIn.start(
      settings: CallbackListenerTests.settings(), redirectURI: redirectURI, listen: listen,
      digest: OpenSSLDigest(), accountPageWait: 0)
  }

  /// A server on 127.0.0.1 (or ::1) at a free port that counts the requests it is sent.
  final class Squatter: Sendable {
    let server: LoopbackServer
    let requests = Shared(0)

    /// Listens on `interfaces` at a port below the kernel's ephemeral range (32768 and up), so
    /// that no connection of a test running alongside holds the same port on the other address.
    init(_ interfaces: Set<LoopbackInterface> = [.ipv4]) throws {
      let requests = requests
      var tries = 0
      while true {
        do {
          server = try LoopbackServer(port: Int.random(in: 20_000..<32_000), interfaces: interfaces) {
            _ in
            requests.withLock { $0 += 1 }
            return HTTPResponse(status: 200)
          }
          return
        } catch where tries < 50 {
          tries += 1
        }
      }
    }

    deinit { server.stop() }
  }

  @Test("a * port becomes the port actually bound, in the redirect URI and the authorize URL")
  func wildcardPortBound() throws {
    let signIn = try Self.start("http://127.0.0.1:*/callback/")
    let listener = try #require(signIn.listener)
    defer { signIn.cancel() }
    #expect(signIn.listenerProblem == nil)
    #expect(signIn.attempt.redirectURI == "http://127.0.0.1:\(listener.port)/callback/")
    #expect(signIn.attempt.authorizeURL.contains("127.0.0.1%3A\(listener.port)%2Fcallback%2F"))
    #expect(!RawSocket.connectLoopback(port: listener.port).closingIfOpen())
  }

  @Test(
    "a fixed port another program holds leaves no listener, says where, and a paste still finishes the attempt"
  )
  func pasteWithoutListener() async throws {
    let squatter = try Squatter()
    let port = squatter.server.port
    let signIn = try Self.start("http://127.0.0.1:\(port)/callback/")
    #expect(signIn.listener == nil)
    #expect(signIn.listenerProblem == .inUse(.ipv4, port: port))
    let attempt = signIn.attempt
    #expect(attempt.redirectURI == "http://127.0.0.1:\(port)/callback/")
    #expect(attempt.authorizeURL.contains("127.0.0.1%3A\(port)%2Fcallback%2F"))
    // The same parser and checks as the listener: a wrong state is refused, the real one taken.
    let wrong = "http://127.0.0.1:\(port)/callback/?code=c&state=someone-elses"
    #expect(attempt.submit(wrong) == .rejected(.stateMismatch))
    let pasted = "http://127.0.0.1:\(port)/callback/?code=pasted&state=\(attempt.state)"
    #expect(attempt.submit(pasted).isFinal)
    #expect(try await attempt.result().code == Secret("pasted"))
    #expect(squatter.requests.value == 0)
  }

  @Test(
    "a localhost redirect URI whose ::1 port another program holds has no listener, naming ::1; 127.0.0.1 alone binds",
    .enabled(if: LoopbackServerTests.hasIPv6Loopback, "needs ::1"))
  func localhostIPv6Taken() throws {
    let squatter = try Squatter([.ipv6])
    let port = squatter.server.port
    let localhost = try Self.start("http://localhost:\(port)/callback/")
    #expect(localhost.listener == nil)
    #expect(localhost.listenerProblem == .inUse(.ipv6, port: port))
    #expect(localhost.attempt.redirectURI == "http://localhost:\(port)/callback/")
    let alone = try Self.start("http://127.0.0.1:\(port)/callback/")
    defer { alone.cancel() }
    #expect(alone.listener?.port == port)
  }

  @Test("a TRACTOK_LISTEN port that is taken leaves the proxy's redirect URI as it is")
  func proxyPortTaken() throws {
    let squatter = try Squatter()
    let signIn = try Self.start(
      "https://auth.example.com/tiktok/callback/", listen: "127.0.0.1:\(squatter.server.port)")
    #expect(signIn.listener == nil)
    #expect(signIn.listenerProblem == .inUse(.ipv4, port: squatter.server.port))
    #expect(signIn.attempt.redirectURI == "https://auth.example.com/tiktok/callback/")
  }

  @Test("cancel ends the attempt and frees the port")
  func cancelFreesPort() async throws {
    let signIn = try Self.start("http://127.0.0.1:*/callback/")
    let port = try #require(signIn.listener?.port)
    signIn.cancel()
    #expect(signIn.attempt.outcome == .failed(.cancelled))
    #expect(await eventually(timeout: 15) { RawSocket.connectLoopback(port: port).closingIfOpen() })
  }

  @Test(
    "a configuration that cannot work is still an error",
    arguments: [
      ("not a uri", nil, "is not an absolute URI"),
      ("https://example.com/callback/", nil, "not loopback"),
      ("http://127.0.0.1:*/callback/", "0.0.0.0:9000", "127.0.0.1 or localhost"),
    ] as [(String, String?, String)])
  func configurationErrors(_ redirectURI: String, _ listen: String?, _ message: String) {
    #expect {
      _ = try Self.start(redirectURI, listen: listen)
    } throws: { error in
      (error as? DomainError)?.message.contains(message) == true
    }
  }
}
