import Foundation

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
  public var profile: UserProfile
  public var grantedScopes: [String]
  public var declinedScopes: [String]
  public var tokens: TokenSet
  /// The app the grant came through.
  public var app: AppGrant

  public init(
    profile: UserProfile, grantedScopes: [String], declinedScopes: [String], tokens: TokenSet,
    app: AppGrant
  ) {
    self.profile = profile
    self.grantedScopes = grantedScopes
    self.declinedScopes = declinedScopes
    self.tokens = tokens
    self.app = app
  }

  /// The account's id for this app (from user info, checked against the token answer).
  public var openID: String { profile.openID }
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
  /// The app the profile is bound to; nil: the environment's app, else the sandbox.
  public var app: String?

  public init(name: String, tier: Tier, selectedOpenID: String?, app: String? = nil) {
    self.name = name
    self.tier = tier
    self.selectedOpenID = selectedOpenID
    self.app = app
  }

  /// Profile names: 1-64 of letters, digits, `.`, `_`, `-`.
  public static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64
      && name.unicodeScalars.allSatisfy {
        $0.isASCIIAlphanumeric || "._-".unicodeScalars.contains($0)
      }
  }
}

/// A profile with how many accounts it holds, for `tractok profile list`.
public struct ProfileSummary: Equatable, Sendable {
  public var record: ProfileRecord
  public var accounts: Int

  public init(record: ProfileRecord, accounts: Int) {
    self.record = record
    self.accounts = accounts
  }
}
