import Domain
import Testing

@testable import Storage

@Suite("AES-256-GCM through OpenSSL")
struct AESGCMTests {
  struct Vector: Sendable, CustomTestStringConvertible {
    let name, key, nonce, plaintext, aad, ciphertext, tag: String
    var testDescription: String { name }
  }

  // The AES-256 cases of the GCM specification (McGrew and Viega), test cases 13, 14 and 16.
  static let vectors = [
    Vector(
      name: "empty plaintext", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
      plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
    Vector(
      name: "one zero block", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
      plaintext: String(repeating: "00", count: 16), aad: "", ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
      tag: "d0d1c8a799996bf0265b98b5d48ab919"),
    Vector(
      name: "with associated data",
      key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      nonce: "cafebabefacedbaddecaf888",
      plaintext:
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
      aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      ciphertext:
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
      tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
  ]

  @Test("known-answer vectors encrypt to the published ciphertext and tag", arguments: vectors)
  func knownAnswers(_ vector: Vector) throws {
    let key = try #require(Hex.decode(vector.key))
    let nonce = try #require(Hex.decode(vector.nonce))
    let plaintext = try #require(Hex.decode(vector.plaintext))
    let aad = try #require(Hex.decode(vector.aad))
    let sealed = try #require(AESGCM.seal(plaintext, key: key, nonce: nonce, associatedData: aad))
    #expect(Hex.encode(sealed.ciphertext) == vector.ciphertext)
    #expect(Hex.encode(sealed.tag) == vector.tag)
    let opened = AESGCM.open(sealed.ciphertext, tag: sealed.tag, key: key, nonce: nonce, associatedData: aad)
    #expect(opened == plaintext)
  }

  @Test("a wrong tag, key or associated data fails to open")
  func wrongInputsFail() throws {
    let key = [UInt8](repeating: 7, count: 32)
    let nonce = [UInt8](repeating: 1, count: 12)
    let sealed = try #require(AESGCM.seal(Array("secret".utf8), key: key, nonce: nonce, associatedData: [1]))
    var badTag = sealed.tag
    badTag[0] ^= 1
    #expect(AESGCM.open(sealed.ciphertext, tag: badTag, key: key, nonce: nonce, associatedData: [1]) == nil)
    #expect(AESGCM.open(sealed.ciphertext, tag: sealed.tag, key: [UInt8](repeating: 8, count: 32), nonce: nonce, associatedData: [1]) == nil)
    #expect(AESGCM.open(sealed.ciphertext, tag: sealed.tag, key: key, nonce: nonce, associatedData: [2]) == nil)
  }
}
