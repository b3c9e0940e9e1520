import COpenSSL
import Domain
import Foundation
import Synchronization

/// TLS for tractok's HTTP client over OpenSSL's libssl: TLS 1.2 or later, the certificate
/// chain checked against the trust store and its name against the host (SNI sent for names),
/// every wait bound by the call's deadline.
///
/// It lives beside the sealing code because Storage is where OpenSSL is bound: one module
/// starts the library (`OpenSSLLibrary`) for both, and Domain stays free of C libraries.
public final class OpenSSLTLS: TLSConnector {
  /// Where the trusted certificate authorities come from.
  public enum Trust: Equatable, Sendable {
    /// The system's store (`/etc/ssl/certs` on Debian), or the file and directory that
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR` name.
    case system
    /// Only the authorities in this PEM file (tests trust a throwaway authority this way).
    case authorities(file: String)
  }

  public let trust: Trust
  /// The SSL_CTX, made on the first `https` connection: loading the trust store costs a few
  /// milliseconds a process that never leaves loopback should not pay.
  private let context = Mutex<TLSContext?>(nil)

  public init(trust: Trust = .system) {
    self.trust = trust
  }

  public func secure(_ socket: TCPSocket, host: String, deadline: CallDeadline)
    -> Result<any ByteStream, TransportFailure>
  {
    let made: Result<TLSContext, TransportFailure> = context.withLock { context in
      if let context { return .success(context) }
      let result = TLSContext.make(trust)
      if case .success(let fresh) = result { context = fresh }
      return result
    }
    switch made {
    case .failure(let failure): return .failure(failure)
    case .success(let context):
      return TLSStream.handshake(over: socket, context: context, host: host, deadline: deadline)
        .map { $0 }
    }
  }
}

/// One SSL_CTX: the protocol floor, peer verification and the trust store. OpenSSL allows
/// SSL_new from many threads once a context is set up, hence `@unchecked Sendable`.
final class TLSContext: @unchecked Sendable {
  let pointer: OpaquePointer

  private init(pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit { SSL_CTX_free(pointer) }

  static func make(_ trust: OpenSSLTLS.Trust) -> Result<TLSContext, TransportFailure> {
    guard OpenSSLLibrary.loadConfiguration(), let pointer = SSL_CTX_new(TLS_client_method())
    else { return .failure(.notSent("OpenSSL could not start TLS")) }
    let context = TLSContext(pointer: pointer)
    guard tk_ssl_ctx_set_min_proto_version(pointer, TLS1_2_VERSION) == 1 else {
      return .failure(.notSent("OpenSSL refused TLS 1.2 as the minimum version"))
    }
    SSL_CTX_set_verify(pointer, SSL_VERIFY_PEER, nil)
    // SSL_write must be repeated after WANT_WRITE; Swift may move the array in between.
    _ = tk_ssl_ctx_set_mode(pointer, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
    switch trust {
    case .system:
      // Reads SSL_CERT_FILE and SSL_CERT_DIR, else the system's store.
      guard SSL_CTX_set_default_verify_paths(pointer) == 1 else {
        ERR_clear_error()
        return .failure(.notSent("the system's trusted certificates could not be loaded"))
      }
    case .authorities(let file):
      guard SSL_CTX_load_verify_locations(pointer, file, nil) == 1 else {
        ERR_clear_error()
        return .failure(.notSent("the trusted certificates in \(file) could not be loaded"))
      }
    }
    return .success(context)
  }
}
