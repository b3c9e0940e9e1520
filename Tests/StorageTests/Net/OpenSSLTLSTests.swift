import Domain
import Foundation
import Storage
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("TLS with OpenSSL against a local openssl s_server")
struct OpenSSLTLSTests {
  @Test("a certificate from a trusted root for the address is accepted and the answer read")
  func trustedCertificate() async throws {
    let server = try await TLSServer.start()
    defer { server.stop() }
    let result = await SocketTransport(tls: OpenSSLTLS(trusting: server.certificate)).send(
      ClientRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/", timeout: 10))
    #expect(try result.get().status == 200)
  }

  @Test("a self-signed certificate the system does not trust is refused before sending")
  func untrustedCertificate() async throws {
    let server = try await TLSServer.start()
    defer { server.stop() }
    let result = await SocketTransport(tls: OpenSSLTLS()).send(
      ClientRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/", timeout: 10))
    #expect(throws: TransportFailure.notSent("TLS handshake failed")) { try result.get() }
  }

  @Test("a trusted certificate for another name is refused")
  func wrongName() async throws {
    let server = try await TLSServer.start()
    defer { server.stop() }
    let result = await SocketTransport(tls: OpenSSLTLS(trusting: server.certificate)).send(
      ClientRequest(method: "GET", url: "https://localhost:\(server.port)/", timeout: 10))
    #expect(throws: TransportFailure.notSent("TLS handshake failed")) { try result.get() }
  }
}

/// `openssl s_server -www` on 127.0.0.1 with a fresh self-signed certificate for that address.
private final class TLSServer: @unchecked Sendable {
  let port: Int
  let certificate: String
  private let process: Process
  private let directory: TemporaryDirectory

  private init(port: Int, certificate: String, process: Process, directory: TemporaryDirectory) {
    self.port = port
    self.certificate = certificate
    self.process = process
    self.directory = directory
  }

  static func start() async throws -> TLSServer {
    try await offPool { () -> Result<TLSServer, any Error> in
      Result { try launch() }
    }.get()
  }

  private static func launch() throws -> TLSServer {
    let directory = TemporaryDirectory("tractok-tls")
    let certificate = directory.file("cert.pem")
    let key = directory.file("key.pem")
    let make = try run([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-days", "1", "-subj", "/CN=tractok", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", key, "-out", certificate,
    ])
    // Polled: Process.waitUntilExit off the main thread can hang in corelibs Foundation.
    let made = eventually(timeout: 30) { !make.isRunning } && make.terminationStatus == 0
    let port = freePort()
    let server = try run(
      ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www"])
    let ready = made && eventually(timeout: 15) { canConnect(port) }
    guard ready else {
      server.terminate()
      throw TLSServerError.notStarted
    }
    return TLSServer(port: port, certificate: certificate, process: server, directory: directory)
  }

  func stop() {
    kill(process.processIdentifier, SIGKILL)
    _ = eventually { !process.isRunning }
  }

  private static func run(_ arguments: [String]) throws -> Process {
    try TractokBinary.start(executable: "/usr/bin/openssl", arguments)
  }

  /// A port the kernel just handed out and took back.
  private static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length)
        return getsockname(fd, $0, &length)
      }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  private static func canConnect(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = loopback(port: port)
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }

  private static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    return address
  }
}

private enum TLSServerError: Error {
  case notStarted
}
