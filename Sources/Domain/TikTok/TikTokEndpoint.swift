import Foundation

/// The TikTok endpoints tractok calls (paths with TikTok's trailing slashes).
public enum TikTokEndpoint: String, CaseIterable, Sendable {
  case token = "/v2/oauth/token/"
  case revoke = "/v2/oauth/revoke/"
  case getQRCode = "/v2/oauth/get_qrcode/"
  case checkQRCode = "/v2/oauth/check_qrcode/"
  case userInfo = "/v2/user/info/"
  case videoList = "/v2/video/list/"

  /// The path, also the key of the endpoint's rate-limit bucket.
  public var path: String { rawValue }

  public var method: String { self == .userInfo ? "GET" : "POST" }

  /// See `RetrySafety`: a refresh token must not reach TikTok twice (a code exchange asks
  /// for `.unlessAnswerLost` itself).
  public var retrySafety: RetrySafety {
    switch self {
    case .token: .onlyIfNotProcessed
    // Revoking twice is harmless: the second answer says the token is already invalid.
    case .revoke, .userInfo, .videoList: .idempotent
    // A fresh QR code that was never shown costs nothing.
    case .getQRCode: .idempotent
    // A lost "confirmed" would come back as "utilised"; the poller decides, at its own pace.
    case .checkQRCode: .never
    }
  }
}
