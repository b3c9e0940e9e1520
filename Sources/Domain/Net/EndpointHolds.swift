import Foundation

/// The waits TikTok asked for (429, `Retry-After`), shared by every tractok process so that
/// none sends a request before the allowed time. Storage keeps them in SQLite.
public protocol EndpointHolds: Sendable {
  /// Until when requests to `path` must wait, if they must.
  func hold(for path: String, now: Date) -> Date?
  /// Records that TikTok asked to hold requests to `path` back until `until`.
  func record(_ path: String, until: Date, reason: String)
}
