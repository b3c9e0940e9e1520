import COpenSSL

/// AES-256-GCM through OpenSSL's EVP interface: 96-bit nonce, 128-bit tag.
enum AESGCM {
  static let keySize = 32
  static let nonceSize = 12
  static let tagSize = 16

  /// Encrypts `plaintext`; returns ciphertext and tag.
  static func seal(
    _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]
  ) -> (ciphertext: [UInt8], tag: [UInt8])? {
    OpenSSLLibrary.start()
    guard key.count == keySize, nonce.count == nonceSize, let context = EVP_CIPHER_CTX_new() else {
      return nil
    }
    defer { EVP_CIPHER_CTX_free(context) }
    var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagSize)
    var tag = [UInt8](repeating: 0, count: tagSize)
    var length: Int32 = 0
    var total: Int32 = 0
    guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
      EVP_CIPHER_CTX_ctrl(context, tk_evp_ctrl_gcm_set_ivlen(), Int32(nonceSize), nil) == 1,
      EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1,
      associatedData.isEmpty
        || EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count))
          == 1,
      EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1
    else { return nil }
    total = length
    let finished = ciphertext.withUnsafeMutableBufferPointer { buffer in
      EVP_EncryptFinal_ex(context, buffer.baseAddress.map { $0 + Int(total) }, &length)
    }
    guard finished == 1,
      EVP_CIPHER_CTX_ctrl(context, tk_evp_ctrl_gcm_get_tag(), Int32(tagSize), &tag) == 1
    else { return nil }
    total += length
    return (Array(ciphertext.prefix(Int(total))), tag)
  }

  /// Decrypts and authenticates; nil when the key, nonce, data, tag or associated data is wrong.
  static func open(
    _ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]
  ) -> [UInt8]? {
    OpenSSLLibrary.start()
    guard key.count == keySize, nonce.count == nonceSize, tag.count == tagSize,
      let context = EVP_CIPHER_CTX_new()
    else { return nil }
    defer { EVP_CIPHER_CTX_free(context) }
    var plaintext = [UInt8](repeating: 0, count: ciphertext.count + tagSize)
    var length: Int32 = 0
    var tagCopy = tag
    guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
      EVP_CIPHER_CTX_ctrl(context, tk_evp_ctrl_gcm_set_ivlen(), Int32(nonceSize), nil) == 1,
      EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
      associatedData.isEmpty
        || EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count))
          == 1,
      EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1
    else { return nil }
    let total = length
    guard EVP_CIPHER_CTX_ctrl(context, tk_evp_ctrl_gcm_set_tag(), Int32(tagSize), &tagCopy) == 1
    else { return nil }
    let finished = plaintext.withUnsafeMutableBufferPointer { buffer in
      EVP_DecryptFinal_ex(context, buffer.baseAddress.map { $0 + Int(total) }, &length)
    }
    guard finished == 1 else { return nil }
    return Array(plaintext.prefix(Int(total + length)))
  }
}
