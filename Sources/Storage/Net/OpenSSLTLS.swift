import COpenSSL
import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// TLS for `SocketTransport`, with OpenSSL: TLS 1.2 or newer, the chain checked against the
/// system's trusted roots and the certificate against the host name (or IP address).
public struct OpenSSLTLS: TLSConnector {
  /// A PEM file of roots to trust instead of the system's (tests use a private CA).
  private let trustedRoots: String?

  public init(trusting trustedRoots: String? = nil) { self.trustedRoots = trustedRoots }

  public func secure(_ socket: SocketChannel, host: String, limit: IOLimit)
    -> Result<any ByteChannel, TransportFailure>
  {
    let failed = TransportFailure.notSent("TLS handshake failed")
    // OpenSSL writes with write(2): a peer that hangs up must give EPIPE, not end tractok.
    signal(SIGPIPE, SIG_IGN)
    guard let context = SSL_CTX_new(TLS_client_method()) else {
      socket.close()
      return .failure(failed)
    }
    // The connection keeps its own reference to the context.
    defer { SSL_CTX_free(context) }
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
    let rootsLoaded =
      trustedRoots.map { SSL_CTX_load_verify_locations(context, $0, nil) }
      ?? SSL_CTX_set_default_verify_paths(context)
    guard tk_ssl_ctx_require_tls12(context) == 1, rootsLoaded == 1, let ssl = SSL_new(context)
    else {
      socket.close()
      return .failure(failed)
    }
    let channel = OpenSSLChannel(ssl: ssl, socket: socket)
    guard SSL_set_fd(ssl, socket.fd) == 1, Self.expect(host, on: ssl) else {
      channel.close()
      return .failure(failed)
    }
    switch channel.retrying(limit, { SSL_connect(ssl) }) {
    case .success(let result) where result == 1 && SSL_get_verify_result(ssl) == X509_V_OK:
      return .success(channel)
    case .success:
      channel.close()
      return .failure(failed)
    case .failure(let reason):
      channel.close()
      return .failure(reason == .timedOut || reason == .cancelled ? reason : failed)
    }
  }

  /// Names the server (SNI) and makes the handshake fail unless the certificate is for `host`.
  private static func expect(_ host: String, on ssl: OpaquePointer) -> Bool {
    var address = in6_addr()
    let isAddress =
      inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
    if isAddress { return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 }
    return tk_ssl_set_server_name(ssl, host) == 1 && SSL_set1_host(ssl, host) == 1
  }
}

/// One TLS connection over a socket it owns.
final class OpenSSLChannel: ByteChannel {
  private var ssl: OpaquePointer?
  private let socket: SocketChannel

  init(ssl: OpaquePointer, socket: SocketChannel) {
    self.ssl = ssl
    self.socket = socket
  }

  deinit { close() }

  /// Runs `operation` until it succeeds (> 0), the peer closes cleanly (0), or it fails;
  /// OpenSSL's "want read/write" waits on the socket within `limit`.
  func retrying(_ limit: IOLimit, _ operation: () -> Int32) -> Result<Int32, TransportFailure> {
    guard let ssl else { return .failure(.interrupted("connection lost")) }
    while true {
      ERR_clear_error()
      let result = operation()
      if result > 0 { return .success(result) }
      let events: Int16
      switch SSL_get_error(ssl, result) {
      case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
      case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
      case SSL_ERROR_ZERO_RETURN: return .success(0)
      default: return .failure(.interrupted("connection lost"))
      }
      if case .failure(let reason) = limit.wait(for: socket.fd, events: events) {
        return .failure(reason)
      }
    }
  }

  func write(_ bytes: [UInt8], limit: IOLimit) -> Result<Void, TransportFailure> {
    var offset = 0
    while offset < bytes.count {
      let result = retrying(limit) {
        bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
      }
      switch result {
      case .success(let written) where written > 0: offset += Int(written)
      case .success: return .failure(.interrupted("connection lost"))
      case .failure(let reason): return .failure(reason)
      }
    }
    return .success(())
  }

  func read(upTo count: Int, limit: IOLimit) -> Result<[UInt8], TransportFailure> {
    var chunk = [UInt8](repeating: 0, count: max(1, count))
    let size = Int32(clamping: chunk.count)
    return retrying(limit) { chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, size) } }
      .map { Array(chunk[0..<Int($0)]) }
  }

  func close() {
    if let ssl { SSL_free(ssl) }
    ssl = nil
    socket.close()
  }
}
