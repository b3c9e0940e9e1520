import Foundation
import TestSupport
import Testing

@Suite("tractok doctor and the network settings")
struct DoctorNetworkTests {
  let directory = TemporaryDirectory()

  func doctor(_ extra: [String: String]) throws -> ProcessResult {
    try TractokBinary.run(
      ["doctor"], environment: TractokBinary.environment(home: directory.file("home"), extra: extra)
    )
  }

  @Test(
    "an unusable HTTPS_PROXY is a problem, and its URL (which may hold a password) is not shown")
  func unusableProxy() throws {
    let result = try doctor(["HTTPS_PROXY": "socks5://ann:hunter2@proxy.example:1080"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("HTTPS_PROXY (or https_proxy) is not a usable proxy URL"))
    #expect(!result.stdout.contains("hunter2"))
  }

  @Test("the proxy in use is named by host and port, without its credentials")
  func proxyInUse() throws {
    let result = try doctor([
      "https_proxy": "http://ann:hunter2@proxy.example:3128", "NO_PROXY": "localhost",
    ])
    #expect(result.status == 0)
    #expect(
      result.stdout.contains(
        "calls to TikTok go through the proxy proxy.example:3128 (not for localhost)"))
    #expect(!result.stdout.contains("hunter2"))
  }
}
