import Foundation

/// The wall clock and the sleeping the network layer does, injectable so tests run instantly.
public protocol NetClock: Sendable {
  func now() -> Date
  /// Sleeps `seconds`; throws `.cancelled` when the surrounding task is cancelled.
  func sleep(for seconds: TimeInterval) async throws(DomainError)
}

/// The real clock: `Date()` and `Task.sleep`.
public struct SystemNetClock: NetClock {
  public init() {}

  public func now() -> Date { Date() }

  public func sleep(for seconds: TimeInterval) async throws(DomainError) {
    guard seconds > 0 else { return }
    do {
      try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1_000_000_000))
    } catch {
      throw .cancelled
    }
  }
}
