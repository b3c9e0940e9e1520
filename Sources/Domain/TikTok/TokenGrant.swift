import Foundation

/// What the token endpoint hands out, for a code exchange or a refresh.
public struct TokenGrant: Equatable, Sendable {
  public var accessToken: Secret
  /// Nil when a refresh answer carries no new refresh token: the caller keeps the old one.
  public var refreshToken: Secret?
  /// Seconds the access token stays valid from now (store `now + accessExpiresIn`).
  public var accessExpiresIn: TimeInterval
  /// Seconds the refresh token stays valid from now; nil when TikTok did not say.
  public var refreshExpiresIn: TimeInterval?
  /// The user's id for this app. Always present after a code exchange; a refresh answer may
  /// omit it (the caller already knows the account).
  public var openID: String?
  /// The granted scopes from `scope`; nil when TikTok did not list them (use the callback's).
  public var scopes: [String]?
  public var tokenType: String?

  public init(
    accessToken: Secret, refreshToken: Secret?, accessExpiresIn: TimeInterval,
    refreshExpiresIn: TimeInterval?, openID: String?, scopes: [String]?, tokenType: String? = nil
  ) {
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.accessExpiresIn = accessExpiresIn
    self.refreshExpiresIn = refreshExpiresIn
    self.openID = openID
    self.scopes = scopes
    self.tokenType = tokenType
  }
}

/// How a revoke ended; both mean the grant no longer works at TikTok.
public enum RevokeOutcome: Equatable, Sendable {
  case revoked
  /// TikTok said the token was already invalid (`invalid_grant`, `access_token_invalid`, 401).
  case alreadyRevoked
}

extension RotatedTokens {
  /// What a refresh grant's answer leaves to store, with the open_id it names for the check.
  public init(_ grant: TokenGrant) {
    self.init(
      accessToken: grant.accessToken, refreshToken: grant.refreshToken,
      accessLifetime: grant.accessExpiresIn, refreshLifetime: grant.refreshExpiresIn,
      grantedScopes: grant.scopes, openID: grant.openID)
  }
}
