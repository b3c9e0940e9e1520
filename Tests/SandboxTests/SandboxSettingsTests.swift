import Testing

@testable import Sandbox

@Suite("Sandbox settings")
struct SandboxSettingsTests {
  let settings = SandboxSettings()

  @Test("defaults follow TikTok's newer lifetimes and the desktop redirect URIs")
  func defaults() {
    #expect(settings.accessTTL == 7200)
    #expect(settings.refreshTTL == 15_552_000)
    #expect(settings.rateLimit == 600)
    #expect(settings.qrTTL == 300)
    #expect(settings.clientKey == "sbx_tractok_desktop")
    #expect(
      settings.redirectURIs == ["http://127.0.0.1:*/callback/", "http://localhost:*/callback/"])
    #expect(settings.port == 0)
  }

  @Test("a star port accepts any valid port on the registered host and path")
  func starPort() {
    #expect(settings.isRegistered(redirectURI: "http://127.0.0.1:8723/callback/"))
    #expect(settings.isRegistered(redirectURI: "http://localhost:1/callback/"))
    #expect(settings.isRegistered(redirectURI: "http://127.0.0.1:65535/callback/"))
  }

  @Test(
    "anything but a byte-exact match with a valid port is refused",
    arguments: [
      "http://127.0.0.1:8723/callback", "http://127.0.0.1:8723/callback/x",
      "http://127.0.0.1/callback/", "http://127.0.0.1:/callback/", "http://127.0.0.1:0/callback/",
      "http://127.0.0.1:65536/callback/", "http://127.0.0.1:08723/callback/",
      "http://127.0.0.1:87a3/callback/", "https://127.0.0.1:8723/callback/",
      "http://127.0.0.2:8723/callback/", "http://LOCALHOST:8723/callback/",
      "http://127.0.0.1:8723/callback/?x=1", "http://127.0.0.1:8723/Callback/",
      "http://127.0.0.1:*/callback/x", "",
    ])
  func refused(uri: String) {
    #expect(!settings.isRegistered(redirectURI: uri))
  }

  @Test("a registered URI without a star matches only itself")
  func exactOnly() {
    let exact = SandboxSettings(redirectURIs: ["http://127.0.0.1:9000/cb/"])
    #expect(exact.isRegistered(redirectURI: "http://127.0.0.1:9000/cb/"))
    #expect(!exact.isRegistered(redirectURI: "http://127.0.0.1:9001/cb/"))
  }
}
