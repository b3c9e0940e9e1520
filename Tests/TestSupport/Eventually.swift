import Foundation

/// Polls `condition` until it holds or `timeout` passes; returns whether it held. Tests wait
/// on conditions like this, never on fixed sleeps.
public func eventually(
  timeout: TimeInterval = 10, every interval: TimeInterval = 0.02, _ condition: () throws -> Bool
) rethrows -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if try condition() { return true }
    Thread.sleep(forTimeInterval: interval)
  }
  return try condition()
}
