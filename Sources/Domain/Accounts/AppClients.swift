import Foundation

/// The TikTok clients the account workflows talk through: the profile's app for new
/// connections, each account's own app for everything else. App builds them, one client per
/// app, so that each app keeps its own rate limits (TikTok counts them per app).
public protocol AppClients: Sendable {
  /// The app new accounts of the profile are connected through, with its client.
  func connecting() throws(DomainError) -> ConnectingApp
  /// The client of the app an account was granted through (`AppCatalog.forAccount`).
  func client(for grant: AppGrant) throws(DomainError) -> TikTokClient
}

/// The profile's app and its client, for a connect.
public struct ConnectingApp: Sendable {
  public let app: ResolvedApp
  public let client: TikTokClient

  public init(app: ResolvedApp, client: TikTokClient) {
    self.app = app
    self.client = client
  }
}
