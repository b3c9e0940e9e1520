import Domain
import Testing

@Suite("Listen address")
struct ListenAddressTests {
  @Test(
    "loopback addresses parse",
    arguments: [
      ("127.0.0.1:9000", "127.0.0.1", 9000), ("localhost:9001", "localhost", 9001),
      (":9002", "127.0.0.1", 9002), ("9003", "127.0.0.1", 9003),
    ])
  func parses(text: String, host: String, port: Int) throws {
    let address = try ListenAddress.parse(text).get()
    #expect(address.host == host)
    #expect(address.port == port)
  }

  @Test(
    "anything but a loopback port is refused",
    arguments: [
      "0.0.0.0:9000", "192.168.1.2:9000", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000",
      "127.0.0.1:9x", "", "a:b:c",
    ])
  func refuses(text: String) {
    #expect(throws: DomainError.self) { try ListenAddress.parse(text).get() }
  }

  @Test("the redirect URI implies the address; a * port means any free port")
  func implied() throws {
    let fixed = try #require(RedirectURI("http://127.0.0.1:8723/callback/"))
    #expect(try ListenAddress.implied(by: fixed).get().port == 8723)
    let any = try #require(RedirectURI("http://localhost:*/callback/"))
    #expect(try ListenAddress.implied(by: any).get() == ListenAddress(host: "localhost", port: 0))
    let remote = try #require(RedirectURI("https://auth.example.com/callback/"))
    #expect(throws: DomainError.self) { try ListenAddress.implied(by: remote).get() }
  }
}
