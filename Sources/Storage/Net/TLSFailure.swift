import COpenSSL
import Domain

/// OpenSSL's verdicts as the short phrases tractok shows: what is wrong with a certificate,
/// or why a handshake or session broke.
enum TLSFailure {
  /// Why the handshake with `host` failed: a refused certificate is `.untrusted`, anything else
  /// `.notSent` (the request had not left).
  static func handshake(_ ssl: OpaquePointer, host: String, code: Int32) -> TransportFailure {
    let verdict = SSL_get_verify_result(ssl)
    if verdict != X509_V_OK {
      ERR_clear_error()
      return .untrusted(certificate(Int32(truncatingIfNeeded: verdict), host: host))
    }
    if code == SSL_ERROR_SYSCALL, ERR_peek_error() == 0 {
      return .notSent("the server closed the connection during the TLS handshake with \(host)")
    }
    return .notSent("the TLS handshake with \(host) failed: \(queuedReason())")
  }

  /// What is wrong with the certificate `host` presented.
  static func certificate(_ verdict: Int32, host: String) -> String {
    switch verdict {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "the certificate of \(host) has expired"
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "the certificate of \(host) is not valid yet (is this machine's clock right?)"
    case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "the certificate presented by \(host) is for another host name"
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
      X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
      X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_CERT_UNTRUSTED:
      return
        "the certificate of \(host) is not from a trusted authority (trusted: the system's "
        + "store, or SSL_CERT_FILE / SSL_CERT_DIR when set)"
    default:
      let text = X509_verify_cert_error_string(Int(verdict)).map { String(cString: $0) }
      return "the certificate of \(host) was refused: \(text ?? "verification error \(verdict)")"
    }
  }

  /// Why an established session broke (read or write).
  static func session(_ code: Int32) -> String {
    switch code {
    case SSL_ERROR_SYSCALL:
      ERR_clear_error()
      return "the connection was cut"
    case SSL_ERROR_SSL:
      let reason = queuedReason()
      return reason.contains("unexpected eof")
        ? "the server ended the TLS connection abruptly" : "TLS error: \(reason)"
    default:
      ERR_clear_error()
      return "TLS error \(code)"
    }
  }

  /// OpenSSL's reason for the oldest queued error (the queue is emptied).
  private static func queuedReason() -> String {
    let error = ERR_get_error()
    ERR_clear_error()
    guard error != 0, let reason = ERR_reason_error_string(error) else { return "unknown error" }
    return String(cString: reason)
  }
}
