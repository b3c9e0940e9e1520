import Domain
import Testing

@Suite("Redirect URI: the default, and what to register at TikTok")
struct RedirectURITests {
  @Test("the default is TikTok's recommended wildcard form, any free port")
  func defaultIsWildcard() throws {
    #expect(Configuration.defaultRedirectURI == "http://127.0.0.1:*/callback/")
    let app = try AppCatalog(
      environment: Configuration.from(environment: [:]).apps, records: [],
      sandbox: ClientCredentials(clientKey: "k", clientSecret: Secret("s"))
    ).forProfile(nil)
    #expect(app.redirectURI == Sourced("http://127.0.0.1:*/callback/", .defaultValue))
    let uri = try #require(RedirectURI(Configuration.defaultRedirectURI))
    #expect(uri.port == .any)
    #expect(uri.desktopProblems.isEmpty)
  }

  @Test("the advice quotes the URI byte for byte with its trailing slash")
  func adviceQuotesURI() throws {
    let advice = try #require(RedirectURI("http://127.0.0.1:*/callback/")).registrationAdvice
    #expect(advice.first?.contains("register http://127.0.0.1:*/callback/ at TikTok") == true)
    #expect(advice.first?.contains("trailing slash included") == true)
    #expect(advice.first?.contains("localhost and 127.0.0.1 are different URIs") == true)
    #expect(advice.contains { $0.contains("any free port at each connect") })
    #expect(!advice.contains { $0.contains("fixed") })
  }

  @Test("a fixed port is explained, pointing at the wildcard form; localhost says it needs ::1 too")
  func fixedPortAndLocalhost() throws {
    let fixed = try #require(RedirectURI("http://localhost:8723/callback/")).registrationAdvice
    #expect(
      fixed.contains {
        $0.contains("port 8723 is fixed") && $0.contains("http://127.0.0.1:*/callback/")
      })
    #expect(fixed.contains { $0.contains("127.0.0.1 and ::1") })
    let plain = try #require(RedirectURI("http://127.0.0.1:8723/callback/")).registrationAdvice
    #expect(!plain.contains { $0.contains("::1") })
  }
}
