import Foundation

/// A throwaway certificate authority and server certificates for TLS tests, made once per test
/// process with the `openssl` command: `good` (127.0.0.1 and localhost), `expired` (the same
/// names, past its end), `wrong_host` (wrong.example only), and `untrusted` (127.0.0.1 and
/// localhost, from a second authority that no test trusts). Each has NAME.pem and NAME.key.
public final class TestCertificates: Sendable {
  /// The certificates every test shares, or why openssl could not make them.
  public static let shared: Result<TestCertificates, CertificateError> = Result {
    () throws(CertificateError) in try make()
  }

  public let directory: String
  private let keeper: TemporaryDirectory

  /// The PEM file of the authority that signed every certificate but `untrusted`.
  public var authorityFile: String { "\(directory)/ca.pem" }

  private init(_ keeper: TemporaryDirectory) {
    self.keeper = keeper
    self.directory = keeper.path
  }

  private static func make() throws(CertificateError) -> TestCertificates {
    let folder = TemporaryDirectory("tractok-certs")
    let certificates = TestCertificates(folder)
    for authority in ["ca", "other-ca"] {
      try certificates.openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "\(authority).key", "-out", "\(authority).pem", "-days", "2",
        "-subj", "/CN=tractok test \(authority)")
    }
    let servers: [(name: String, names: String, authority: String, days: String)] = [
      ("good", "IP:127.0.0.1,DNS:localhost", "ca", "2"),
      ("expired", "IP:127.0.0.1,DNS:localhost", "ca", "-1"),
      ("wrong_host", "DNS:wrong.example", "ca", "2"),
      ("untrusted", "IP:127.0.0.1,DNS:localhost", "other-ca", "2"),
    ]
    for (serial, server) in servers.enumerated() {
      let extensions = "subjectAltName=\(server.names)\nextendedKeyUsage=serverAuth\n"
      guard
        FileManager.default.createFile(
          atPath: folder.file("\(server.name).ext"), contents: Data(extensions.utf8))
      else { throw CertificateError(step: "writing \(server.name).ext") }
      try certificates.openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "\(server.name).key", "-out", "\(server.name).csr", "-subj", "/CN=test server")
      // `-days -1` ends the certificate a day before it begins: expired from the start.
      try certificates.openssl(
        "x509", "-req", "-in", "\(server.name).csr", "-CA", "\(server.authority).pem",
        "-CAkey", "\(server.authority).key", "-set_serial", "\(serial + 2)",
        "-days", server.days, "-extfile", "\(server.name).ext", "-out", "\(server.name).pem")
    }
    return certificates
  }

  /// Runs `openssl arguments` in the directory.
  private func openssl(_ arguments: String...) throws(CertificateError) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw CertificateError(step: "openssl \(arguments.joined(separator: " ")): \(error)")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CertificateError(step: "openssl \(arguments.joined(separator: " "))")
    }
  }
}

/// Which step of making the test certificates failed.
public struct CertificateError: Error, CustomStringConvertible {
  public let step: String
  public var description: String { "making test certificates failed at: \(step)" }
}
