import COpenSSL
import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A TLS session over a non-blocking TCP socket: OpenSSL asks to wait for reading or
/// writing, and the call's deadline bounds each wait.
final class TLSStream: ByteStream, @unchecked Sendable {
  private let ssl: OpaquePointer
  private let socket: TCPSocket
  private var isClosed = false

  private init(ssl: OpaquePointer, socket: TCPSocket) {
    self.ssl = ssl
    self.socket = socket
  }

  deinit { close() }

  /// Runs the client handshake for `host`: SNI for a name (never for an IP address, as RFC 6066
  /// asks), then the chain and the name (or address) in the certificate checked.
  static func handshake(
    over socket: TCPSocket, context: TLSContext, host: String, deadline: CallDeadline
  ) -> Result<TLSStream, TransportFailure> {
    guard let ssl = SSL_new(context.pointer) else {
      return .failure(.notSent("OpenSSL could not start a TLS session"))
    }
    let stream = TLSStream(ssl: ssl, socket: socket)
    SSL_set_fd(ssl, socket.descriptor)
    if isIPAddress(host) {
      guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 else {
        return .failure(.notSent("invalid IP address \(host)"))
      }
    } else {
      SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
      guard tk_ssl_set_tlsext_host_name(ssl, host) == 1, SSL_set1_host(ssl, host) == 1 else {
        return .failure(.notSent("invalid host name \(host)"))
      }
    }
    while true {
      ERR_clear_error()
      let result = SSL_connect(ssl)
      if result == 1 { return .success(stream) }
      let code = SSL_get_error(ssl, result)
      let events: Int16
      switch code {
      case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
      case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
      default: return .failure(TLSFailure.handshake(ssl, host: host, code: code))
      }
      switch deadline.wait(socket.descriptor, for: events) {
      case .ready: continue
      case .cancelled: return .failure(.cancelled)
      case .timedOut: return .failure(.notSent("the TLS handshake with \(host) timed out"))
      }
    }
  }

  func read(into buffer: inout [UInt8], maximum: Int, deadline: CallDeadline)
    -> Result<Int, StreamFailure>
  {
    var chunk = [UInt8](repeating: 0, count: maximum)
    while true {
      ERR_clear_error()
      let count = SSL_read(ssl, &chunk, Int32(maximum))
      if count > 0 {
        buffer.append(contentsOf: chunk[0..<Int(count)])
        return .success(Int(count))
      }
      let code = SSL_get_error(ssl, count)
      if code == SSL_ERROR_ZERO_RETURN { return .success(0) }
      if let failure = wait(code, deadline) { return .failure(failure) }
    }
  }

  func write(_ bytes: [UInt8], deadline: CallDeadline) -> Result<Void, StreamFailure> {
    var offset = 0
    while offset < bytes.count {
      ERR_clear_error()
      let written = bytes.withUnsafeBytes { raw in
        SSL_write(ssl, raw.baseAddress.map { $0 + offset }, Int32(raw.count - offset))
      }
      if written > 0 {
        offset += Int(written)
        continue
      }
      if let failure = wait(SSL_get_error(ssl, written), deadline) { return .failure(failure) }
    }
    return .success(())
  }

  /// Waits as OpenSSL asked; a failure for any other answer.
  private func wait(_ code: Int32, _ deadline: CallDeadline) -> StreamFailure? {
    let events: Int16
    switch code {
    case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
    case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
    default: return .broken(TLSFailure.session(code))
    }
    switch deadline.wait(socket.descriptor, for: events) {
    case .ready: return nil
    case .timedOut: return .timedOut
    case .cancelled: return .cancelled
    }
  }

  /// TLS 1.3 servers send session tickets after the handshake, which leave an idle socket
  /// readable; they are read here (without taking application data) before deciding.
  var isIdleAndOpen: Bool {
    guard !isClosed else { return false }
    guard socket.hasPendingInput || SSL_pending(ssl) > 0 else { return true }
    var byte: UInt8 = 0
    ERR_clear_error()
    let peeked = SSL_peek(ssl, &byte, 1)
    if peeked > 0 { return false }
    return SSL_get_error(ssl, peeked) == SSL_ERROR_WANT_READ
  }

  /// Frees the session without a close_notify: HTTP's framing already says where answers
  /// end, and writing to a server that has gone could raise SIGPIPE on whatever thread closes.
  func close() {
    guard !isClosed else { return }
    isClosed = true
    SSL_free(ssl)
    socket.close()
  }

  private static func isIPAddress(_ host: String) -> Bool {
    var address = in6_addr()
    return inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
  }
}
