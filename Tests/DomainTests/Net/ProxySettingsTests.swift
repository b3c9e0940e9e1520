import Domain
import Foundation
import Testing

@Suite("HTTPS_PROXY and NO_PROXY")
struct ProxySettingsTests {
  @Test("the lower-case variables win, the port defaults to 1080, user and password become Basic")
  func parse() throws {
    let settings = ProxySettings.from(environment: [
      "https_proxy": "http://ann:p%40ss@proxy.example:3128",
      "HTTPS_PROXY": "http://other.example:9",
    ])
    let proxy = try #require(settings.proxy)
    #expect(proxy.host == "proxy.example")
    #expect(proxy.port == 3128)
    #expect(proxy.authorization == Secret("Basic " + Data("ann:p@ss".utf8).base64EncodedString()))
    let bare = ProxySettings.from(environment: ["HTTPS_PROXY": "proxy.example"]).proxy
    #expect(bare == ProxySettings.Proxy(host: "proxy.example", port: 1080))
  }

  @Test("no proxy variable, or an empty one, means calls go directly")
  func absent() {
    #expect(ProxySettings.from(environment: [:]) == ProxySettings())
    #expect(ProxySettings.from(environment: ["HTTPS_PROXY": " "]).proxy == nil)
  }

  @Test(
    "an unusable proxy URL is a problem that never quotes the URL",
    arguments: [
      "https://proxy.example:3128", "socks5://proxy.example", "http://:3128", "http://p:99999",
    ])
  func unusable(text: String) {
    let settings = ProxySettings.from(environment: ["HTTPS_PROXY": text])
    #expect(settings.proxy == nil)
    let problem = settings.problem ?? ""
    #expect(problem.contains("HTTPS_PROXY"))
    #expect(!problem.contains("proxy.example"))
  }

  @Test(
    "NO_PROXY names hosts and domains (with or without a leading dot or port), or * for all",
    arguments: [
      ("open.tiktokapis.com", "tiktokapis.com", true),
      ("open.tiktokapis.com", ".tiktokapis.com", true),
      ("open.tiktokapis.com", "*.tiktokapis.com", true),
      ("open.tiktokapis.com", "OPEN.TikTokAPIs.com:443", true),
      ("nottiktokapis.com", "tiktokapis.com", false),
      ("127.0.0.1", "localhost,127.0.0.1", true),
      ("::1", "[::1]", true),
      ("example.org", "*", true),
      ("example.org", "example.com", false),
    ])
  func exemptions(host: String, noProxy: String, exempt: Bool) {
    let settings = ProxySettings.from(environment: [
      "HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": noProxy,
    ])
    #expect(settings.isExempt(host) == exempt)
    #expect((settings.proxy(forHost: host) == nil) == exempt)
  }
}
