import COpenSSL
import Domain

/// SHA-256 through OpenSSL's one-shot EVP digest.
public struct OpenSSLDigest: SHA256Digest {
  public init() {}

  public func sha256(_ bytes: [UInt8]) -> [UInt8] {
    OpenSSLLibrary.start()
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let ok = bytes.withUnsafeBufferPointer { input in
      EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
    }
    precondition(ok == 1 && length == 32, "OpenSSL SHA-256 failed")
    return digest
  }
}
