import Domain
import Storage

/// How a tractok process reaches TikTok: the HTTP/1.1 client over OpenSSL's TLS, trusting the
/// system's store (or SSL_CERT_FILE / SSL_CERT_DIR), through HTTPS_PROXY unless NO_PROXY names
/// the host.
enum LiveTransport {
  static func make(_ configuration: Configuration) -> HTTPClientTransport {
    HTTPClientTransport(
      tls: OpenSSLTLS(), proxy: configuration.proxy, userAgent: "tractok/\(Program.version)")
  }
}
