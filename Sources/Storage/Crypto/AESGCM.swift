import COpenSSL

/// AES-256-GCM (96-bit nonce, 128-bit tag) from OpenSSL's default provider, called through the
/// provider's dispatch table (provider-cipher(7)) rather than EVP. It is the same code EVP runs
/// (AES-NI and carry-less multiplication where the CPU has them), but EVP's first fetch builds
/// every cipher the provider offers: about 0.6 ms of each process, `tractok token` included
/// (B4), for the one cipher used here.
enum AESGCM {
  static let keySize = 32
  static let nonceSize = 12
  static let tagSize = 16

  private struct Implementation: @unchecked Sendable {
    let functions: tk_cipher_functions
    /// The default provider's context; the provider stays loaded for the life of the process.
    let providerContext: UnsafeMutableRawPointer
  }

  private static let implementation: Implementation? = {
    OpenSSLLibrary.start()
    var noCache: Int32 = 0
    guard let provider = OSSL_PROVIDER_load(nil, "default"),
      let providerContext = OSSL_PROVIDER_get0_provider_ctx(provider),
      var algorithm = OSSL_PROVIDER_query_operation(provider, OSSL_OP_CIPHER, &noCache)
    else { return nil }
    while let names = algorithm.pointee.algorithm_names {
      if String(cString: names).split(separator: ":").first == "AES-256-GCM" {
        var functions = tk_cipher_functions()
        guard tk_cipher_functions_from(algorithm.pointee.implementation, &functions) == 1 else {
          return nil
        }
        return Implementation(functions: functions, providerContext: providerContext)
      }
      algorithm += 1
    }
    return nil
  }()

  /// Encrypts `plaintext`; returns ciphertext and tag.
  static func seal(
    _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]
  ) -> (ciphertext: [UInt8], tag: [UInt8])? {
    guard key.count == keySize, nonce.count == nonceSize, let pass = Pass() else { return nil }
    var tag = [UInt8](repeating: 0, count: tagSize)
    guard
      pass.functions.encrypt_init?(pass.context, key, key.count, nonce, nonce.count, nil) == 1,
      let ciphertext = pass.process(plaintext, associatedData: associatedData),
      tk_cipher_get_tag(&pass.functions, pass.context, &tag, tagSize) == 1
    else { return nil }
    return (ciphertext, tag)
  }

  /// Decrypts and authenticates; nil when the key, nonce, data, tag or associated data is wrong.
  static func open(
    _ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]
  ) -> [UInt8]? {
    guard key.count == keySize, nonce.count == nonceSize, tag.count == tagSize, let pass = Pass()
    else { return nil }
    var expected = tag
    guard
      pass.functions.decrypt_init?(pass.context, key, key.count, nonce, nonce.count, nil) == 1,
      tk_cipher_set_tag(&pass.functions, pass.context, &expected, tagSize) == 1
    else { return nil }
    return pass.process(ciphertext, associatedData: associatedData)
  }

  /// One encryption or decryption, in its own cipher context.
  private final class Pass {
    var functions: tk_cipher_functions
    let context: UnsafeMutableRawPointer

    init?() {
      guard let implementation,
        let context = implementation.functions.newctx?(implementation.providerContext)
      else { return nil }
      self.functions = implementation.functions
      self.context = context
    }

    deinit { functions.freectx?(context) }

    /// Feeds the associated data and `input`, then finishes, which checks the tag when
    /// decrypting.
    func process(_ input: [UInt8], associatedData: [UInt8]) -> [UInt8]? {
      var output = [UInt8](repeating: 0, count: input.count + AESGCM.tagSize)
      var written = 0
      var finalWritten = 0
      // With no output buffer, the input is associated data; the size check still applies.
      let aadCount = associatedData.count
      guard
        aadCount == 0
          || functions.update?(context, nil, &written, aadCount, associatedData, aadCount) == 1,
        functions.update?(context, &output, &written, output.count, input, input.count) == 1
      else { return nil }
      let finished = output.withUnsafeMutableBufferPointer { buffer in
        functions.finish?(
          context, buffer.baseAddress.map { $0 + written }, &finalWritten, buffer.count - written)
      }
      guard finished == 1 else { return nil }
      return Array(output.prefix(written + finalWritten))
    }
  }
}
