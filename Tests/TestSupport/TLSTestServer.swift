import Foundation

/// The TLS test server (Tests/TestSupport/TLSServer/tls_server.py, on Python's ssl module):
/// listeners with good, expired, wrong-host and untrusted certificates, a CONNECT proxy, and a
/// control port that says what happened. One process per test, stopped with `stop()`.
public final class TLSTestServer: @unchecked Sendable {
  /// The ports it listens on, all on 127.0.0.1.
  public struct Ports: Decodable, Sendable {
    public let good: Int
    public let expired: Int
    public let wrongHost: Int
    public let untrusted: Int
    public let proxy: Int
    public let control: Int

    enum CodingKeys: String, CodingKey {
      case good, expired, untrusted, proxy, control
      case wrongHost = "wrong_host"
    }
  }

  /// What the server saw so far.
  public struct Stats: Decodable, Sendable {
    /// TCP connections accepted, by listener (good, expired, wrong_host, untrusted, proxy).
    public let connections: [String: Int]
    /// The SNI name of each TLS handshake ("" when none was sent).
    public let sni: [String]
    /// The authority of each CONNECT the proxy received.
    public let connects: [String]
    /// The Proxy-Authorization of each proxy request ("" when none was sent).
    public let proxyAuthorization: [String]
    /// Refresh grants answered.
    public let grants: Int

    enum CodingKeys: String, CodingKey {
      case connections, sni, connects, grants
      case proxyAuthorization = "proxy_authorization"
    }
  }

  public let ports: Ports
  public let certificates: TestCertificates
  private let process = Process()
  private let input = Pipe()

  /// Starts the server; `proxyAuthorization` ("Basic ...") makes the proxy demand it.
  public init(proxyAuthorization: String? = nil) throws {
    certificates = try TestCertificates.shared.get()
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("TLSServer/tls_server.py").path
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, certificates.directory]
    var environment = ProcessInfo.processInfo.environment
    environment["TLS_TEST_PROXY_AUTH"] = proxyAuthorization
    process.environment = environment
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let data = output.fileHandleForReading.availableData
      guard !data.isEmpty else { throw TLSTestServerError.didNotStart }
      line.append(data)
    }
    ports = try JSONDecoder().decode(Ports.self, from: line)
  }

  deinit { stop() }

  /// What the server has seen.
  public func stats() throws -> Stats {
    let response = try LoopbackHTTP.request("GET", "http://127.0.0.1:\(ports.control)/stats")
    return try JSONDecoder().decode(Stats.self, from: Data(response.bytes))
  }

  /// Ends the server (closing its standard input ends it; the kill is for a stuck one).
  public func stop() {
    try? input.fileHandleForWriting.close()
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }
}

public enum TLSTestServerError: Error {
  case didNotStart
}
