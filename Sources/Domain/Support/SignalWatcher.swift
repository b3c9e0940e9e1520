import Foundation

/// Hears SIGTERM, SIGHUP and SIGINT through dispatch sources, so nothing runs inside a C signal
/// handler: the UI, a waiting connect or `watch` leave through their normal, restoring path.
public final class SignalWatcher {
  private var sources: [(Int32, any DispatchSourceSignal)] = []

  public init(
    signals: [Int32] = [SIGTERM, SIGHUP, SIGINT], onSignal: @escaping @Sendable (Int32) -> Void
  ) {
    for number in signals {
      // The default action would kill the process before the source sees the signal.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { onSignal(number) }
      source.resume()
      sources.append((number, source))
    }
  }

  /// Stops watching and gives the signals their default action back.
  public func stop() {
    for (number, source) in sources {
      source.cancel()
      signal(number, SIG_DFL)
    }
    sources.removeAll()
  }

  deinit { stop() }
}
