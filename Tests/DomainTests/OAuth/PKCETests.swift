import Domain
import Storage
import Testing

@Suite("PKCE pairs")
struct PKCETests {
  let digest = OpenSSLDigest()
  /// RFC 7636 appendix B.
  let rfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

  @Test("the desktop challenge is the lowercase hex SHA-256 of the verifier")
  func hexVector() throws {
    let pkce = try #require(PKCE(verifier: rfcVerifier, encoding: .hex, digest: digest))
    #expect(pkce.challenge == "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3")
  }

  @Test("the web setting gives RFC 7636's base64url challenge")
  func base64urlVector() throws {
    let pkce = try #require(PKCE(verifier: rfcVerifier, encoding: .base64url, digest: digest))
    #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
  }

  @Test("a generated verifier is 64 unreserved characters and new every time")
  func generated() {
    let pairs = (0..<50).map { _ in PKCE.generate(encoding: .hex, digest: digest) }
    for pair in pairs {
      #expect(pair.verifier.reveal.count == 64)
      #expect(PKCE.isValidVerifier(pair.verifier.reveal))
      #expect(pair.challenge == digest.hexSHA256(pair.verifier.reveal))
    }
    #expect(Set(pairs.map(\.verifier.reveal)).count == 50)
  }

  @Test(
    "verifiers outside 43-128 unreserved characters are refused",
    arguments: [
      String(repeating: "a", count: 42), String(repeating: "a", count: 129),
      String(repeating: "a", count: 42) + "+", String(repeating: "a", count: 42) + " ",
    ])
  func invalidVerifiers(verifier: String) {
    #expect(PKCE(verifier: verifier, encoding: .hex, digest: digest) == nil)
  }

  @Test("the verifier never shows in descriptions")
  func verifierRedacted() {
    let pair = PKCE.generate(encoding: .hex, digest: digest)
    #expect(!"\(pair)".contains(pair.verifier.reveal))
  }
}
