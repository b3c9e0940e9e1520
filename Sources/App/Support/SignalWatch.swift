import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs an action on SIGINT/SIGTERM/SIGHUP through dispatch sources (never in a C handler).
enum SignalWatch {
  /// Watches until the returned token is cancelled; signals then get their default effect again.
  static func onInterrupt(_ action: @escaping @Sendable () -> Void) -> Token {
    let sources = [SIGINT, SIGTERM, SIGHUP].map { number -> DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler(handler: action)
      source.resume()
      return source
    }
    return Token(sources: sources)
  }

  /// Blocks until one of those signals arrives.
  static func waitForInterrupt() {
    let done = DispatchSemaphore(value: 0)
    let token = onInterrupt { done.signal() }
    done.wait()
    token.cancel()
  }

  /// Cancels the watch.
  struct Token {
    let sources: [DispatchSourceSignal]

    func cancel() {
      sources.forEach { $0.cancel() }
      for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }
  }
}
