import Foundation

/// What TikTok's user info says about an account, already sanitised.
public struct AccountProfile: Equatable, Sendable {
  public var displayName: String
  public var username: String
  public var avatarURL: String?
  public var bio: String
  public var profileDeepLink: String?
  public var isVerified: Bool
  public var stats: AccountStats?

  public init(
    displayName: String, username: String = "", avatarURL: String? = nil, bio: String = "",
    profileDeepLink: String? = nil, isVerified: Bool = false, stats: AccountStats? = nil
  ) {
    self.displayName = displayName
    self.username = username
    self.avatarURL = avatarURL
    self.bio = bio
    self.profileDeepLink = profileDeepLink
    self.isVerified = isVerified
    self.stats = stats
  }
}

/// An access and refresh token pair with the deadlines computed from one token response.
public struct TokenSet: Equatable, Sendable {
  public var accessToken: Secret
  public var refreshToken: Secret
  public var accessExpiresAt: Date
  public var accessLifetime: TimeInterval
  public var refreshExpiresAt: Date

  public init(
    accessToken: Secret, refreshToken: Secret, accessExpiresAt: Date, accessLifetime: TimeInterval,
    refreshExpiresAt: Date
  ) {
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.accessExpiresAt = accessExpiresAt
    self.accessLifetime = accessLifetime
    self.refreshExpiresAt = refreshExpiresAt
  }
}

/// Everything the connect flow learned, ready for the one transaction that stores it.
public struct NewConnection: Equatable, Sendable {
  public var openID: String
  public var profile: AccountProfile
  public var grantedScopes: [String]
  public var declinedScopes: [String]
  public var tokens: TokenSet

  public init(
    openID: String, profile: AccountProfile, grantedScopes: [String], declinedScopes: [String],
    tokens: TokenSet
  ) {
    self.openID = openID
    self.profile = profile
    self.grantedScopes = grantedScopes
    self.declinedScopes = declinedScopes
    self.tokens = tokens
  }
}

/// What the connect transaction did.
public enum ConnectResult: Equatable, Sendable {
  /// A new account took a free slot.
  case added(Account)
  /// An account already in this profile got new tokens; no slot was used.
  case reconnected(Account)

  public var account: Account {
    switch self {
    case .added(let account), .reconnected(let account): account
    }
  }
}

/// A profile's settings as stored.
public struct ProfileRecord: Equatable, Sendable {
  public var name: String
  public var tier: Tier
  public var selectedOpenID: String?

  public init(name: String, tier: Tier, selectedOpenID: String?) {
    self.name = name
    self.tier = tier
    self.selectedOpenID = selectedOpenID
  }

  /// Profile names: 1-64 of letters, digits, `.`, `_`, `-`.
  public static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
      }
  }
}
