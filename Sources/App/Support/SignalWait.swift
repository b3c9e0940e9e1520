import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Blocks until SIGINT, SIGTERM or SIGHUP arrives, through dispatch signal sources (never work
/// inside a C signal handler).
enum SignalWait {
  static func untilInterrupted() {
    let done = DispatchSemaphore(value: 0)
    let sources = [SIGINT, SIGTERM, SIGHUP].map { number -> DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { done.signal() }
      source.resume()
      return source
    }
    done.wait()
    sources.forEach { $0.cancel() }
  }
}
