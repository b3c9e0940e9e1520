import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite("tractok over HTTPS: the real binary against a local TLS server")
struct HTTPSRefreshTests {
  /// A data directory (inside a temporary one) with accounts whose access tokens are due.
  struct Home {
    let directory = TemporaryDirectory("tractok-https")
    let accounts: [Account]
    var path: String { directory.file("home") }

    init(accounts count: Int) throws {
      let store = try Store.open(home: directory.file("home"), environmentKey: nil)
      let now = Date()
      var connections = AccountFixtures.connections(count: count, now: now)
      for index in connections.indices {
        connections[index].tokens = TokenSet(
          accessToken: Secret("act.old\(index)"),
          // The TLS test server answers a refresh for the open_id after "rft.".
          refreshToken: Secret("rft.\(connections[index].openID)"),
          accessExpiresAt: now.addingTimeInterval(60), accessLifetime: 86_400,
          refreshExpiresAt: now.addingTimeInterval(86_400 * 300))
      }
      accounts = try AccountFixtures.populate(
        store, profile: "default", connections: connections, now: now)
    }
  }

  static func environment(_ home: String, _ server: TLSTestServer, _ extra: [String: String])
    -> [String: String]
  {
    TractokBinary.environment(
      home: home, tikTok: "https://localhost:\(server.ports.good)", clientKey: "key",
      clientSecret: "secret", extra: extra)
  }

  @Test(
    "refresh --all trusts the authority in SSL_CERT_FILE and keeps one connection for the burst")
  func burstOverOneConnection() throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let home = try Home(accounts: 5)
    let result = try TractokBinary.run(
      ["refresh", "--all"],
      environment: Self.environment(
        home.path, server, ["SSL_CERT_FILE": server.certificates.authorityFile]))
    #expect(result.status == 0, "\(result.stderr)")
    let stats = try server.stats()
    #expect(stats.grants == home.accounts.count)
    #expect(stats.connections["good"] == 1)
  }

  @Test("token refreshes a due token over HTTPS and prints the new one")
  func tokenRefreshes() throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let home = try Home(accounts: 1)
    let result = try TractokBinary.run(
      ["token", home.accounts[0].openID],
      environment: Self.environment(
        home.path, server, ["SSL_CERT_FILE": server.certificates.authorityFile]))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "act.tls1\n")
  }

  @Test("without the authority trusted, the refresh fails saying why, and exits 1")
  func untrusted() throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let home = try Home(accounts: 1)
    let missing = home.directory.file("no-such-authorities.pem")
    let result = try TractokBinary.run(
      ["refresh", home.accounts[0].openID],
      environment: Self.environment(home.path, server, ["SSL_CERT_FILE": missing]))
    #expect(result.status == 1)
    #expect(result.stderr.contains("could not reach TikTok: the certificate of localhost"))
    #expect(try server.stats().grants == 0)
  }

  @Test("HTTPS_PROXY sends the calls through the proxy's tunnel")
  func throughProxy() throws {
    let server = try TLSTestServer()
    defer { server.stop() }
    let home = try Home(accounts: 2)
    let result = try TractokBinary.run(
      ["refresh", "--all"],
      environment: Self.environment(
        home.path, server,
        [
          "SSL_CERT_FILE": server.certificates.authorityFile,
          "HTTPS_PROXY": "http://127.0.0.1:\(server.ports.proxy)",
        ]))
    #expect(result.status == 0, "\(result.stderr)")
    let stats = try server.stats()
    #expect(stats.grants == home.accounts.count)
    #expect(stats.connects == ["localhost:\(server.ports.good)"])
  }
}
