/// A PKCE pair for one authorization attempt: a fresh verifier and its S256 challenge.
public struct PKCE: Equatable, Sendable {
  /// How the SHA-256 of the verifier is written into `code_challenge`.
  public enum ChallengeEncoding: String, Equatable, Sendable {
    /// TikTok's desktop flavour: 64 lowercase hex digits (the default).
    case hex
    /// RFC 7636's base64url without padding, for apps registered as web apps.
    case base64url
  }

  /// TikTok accepts only `S256`.
  public static let method = "S256"

  public let verifier: Secret
  public let challenge: String

  /// A pair for `verifier`, which must be 43-128 characters of `A-Z a-z 0-9 - . _ ~`.
  public init?(verifier: String, encoding: ChallengeEncoding, digest: any SHA256Digest) {
    guard Self.isValidVerifier(verifier) else { return nil }
    self.init(unchecked: verifier, encoding: encoding, digest: digest)
  }

  /// A new pair whose verifier is 64 characters (48 random bytes, base64url).
  public static func generate(encoding: ChallengeEncoding, digest: any SHA256Digest) -> PKCE {
    // 48 bytes always give 64 base64url characters, all unreserved: no validation needed.
    PKCE(unchecked: RandomToken.urlSafe(byteCount: 48), encoding: encoding, digest: digest)
  }

  private init(unchecked verifier: String, encoding: ChallengeEncoding, digest: any SHA256Digest) {
    self.verifier = Secret(verifier)
    switch encoding {
    case .hex: challenge = digest.hexSHA256(verifier)
    case .base64url: challenge = Base64URL.encode(digest.sha256(Array(verifier.utf8)))
    }
  }

  /// Whether `text` is a verifier RFC 7636 and TikTok accept.
  public static func isValidVerifier(_ text: String) -> Bool {
    (43...128).contains(text.utf8.count) && text.utf8.allSatisfy(FormEncoding.isUnreserved)
  }
}
