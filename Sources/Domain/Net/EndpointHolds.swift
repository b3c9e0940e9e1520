import Foundation

/// The waits TikTok asked for (429, `Retry-After`), shared by every tractok process so that
/// none sends a request before the allowed time. Kept per app (by client key): TikTok counts
/// requests per app. Storage keeps them in SQLite.
public protocol EndpointHolds: Sendable {
  /// Until when requests of the app `clientKey` to `path` must wait, if they must.
  func hold(for path: String, app clientKey: String, now: Date) -> Date?
  /// Records that TikTok asked the app `clientKey` to hold requests to `path` back until
  /// `until`.
  func record(_ path: String, app clientKey: String, until: Date, reason: String)
}
