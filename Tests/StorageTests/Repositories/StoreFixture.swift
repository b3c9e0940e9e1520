import Domain
import Foundation

@testable import Storage

/// Builds connections for repository tests.
enum StoreFixture {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  /// The app the fixture accounts are granted through.
  static let app = AppGrant(name: "brand-a", clientKey: "key-a")

  static func connection(_ openID: String, name: String = "Maya Chen", access: String = "act.A!1") -> NewConnection {
    NewConnection(
      profile: UserProfile(
        openID: openID, displayName: name, username: name.lowercased().replacingOccurrences(of: " ", with: ""),
        bio: "bio", isVerified: true, stats: AccountStats(followers: 10, following: 2, likes: 30, videos: 4)),
      grantedScopes: ["user.info.basic", "video.list"], declinedScopes: ["user.info.stats"],
      tokens: TokenSet(
        accessToken: Secret(access), refreshToken: Secret("rft.R!\(openID)"),
        accessExpiresAt: now.addingTimeInterval(7200), accessLifetime: 7200,
        refreshExpiresAt: now.addingTimeInterval(86400 * 180)),
      app: app)
  }

  @discardableResult
  static func connect(_ store: Store, openID: String, profile: String = "default", name: String = "Maya Chen")
    throws -> ConnectResult
  {
    try store.saveConnection(connection(openID, name: name), profile: profile, now: now)
  }
}
