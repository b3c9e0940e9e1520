import COpenSSL

/// Starts OpenSSL once, before its first use, without reading `openssl.cnf`: sealing a token
/// or hashing needs no configuration, and a fresh `tractok token` should open no file it does
/// not use. TLS reads the system's configuration when it first needs it (`loadConfiguration`).
enum OpenSSLLibrary {
  private static let started: Bool =
    OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_LOAD_CONFIG), nil) == 1

  /// Call before any other OpenSSL function.
  static func start() {
    _ = started
  }

  private static let configured: Bool = {
    start()
    guard OPENSSL_init_ssl(UInt64(OPENSSL_INIT_NO_LOAD_CONFIG), nil) == 1 else { return false }
    // The system's TLS policy (for instance Debian's minimum security level) lives in
    // openssl.cnf, or the file OPENSSL_CONF names; a missing file is fine, a broken one is
    // ignored as OpenSSL's own start would.
    _ = CONF_modules_load_file(
      nil, nil, UInt(CONF_MFLAGS_DEFAULT_SECTION | CONF_MFLAGS_IGNORE_MISSING_FILE))
    ERR_clear_error()
    return true
  }()

  /// Starts libssl and applies the system's OpenSSL configuration, once; false when libssl
  /// could not start.
  static func loadConfiguration() -> Bool { configured }
}
