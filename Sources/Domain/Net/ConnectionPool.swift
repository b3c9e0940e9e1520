import Synchronization

/// Idle keep-alive connections by origin (scheme, host, port and proxy), each handed to one
/// call at a time: a call takes a connection out and puts it back only after a complete answer.
final class ConnectionPool: Sendable {
  private struct Idle {
    let stream: any ByteStream
    let since: Double
  }

  private let maximumPerOrigin: Int
  private let idle = Mutex<[String: [Idle]]>([:])

  init(maximumPerOrigin: Int) {
    self.maximumPerOrigin = maximumPerOrigin
  }

  deinit { closeAll() }

  /// The most recently used connection to `origin` that has been idle at most `maximumIdle`
  /// seconds and is still open; older or closed ones are dropped.
  func take(_ origin: String, maximumIdle: Double) -> (any ByteStream)? {
    let now = CallDeadline.now()
    while true {
      let candidate: Idle? = idle.withLock { idle in
        guard var list = idle[origin], let last = list.popLast() else { return nil }
        idle[origin] = list.isEmpty ? nil : list
        return last
      }
      guard let candidate else { return nil }
      // Checked outside the lock: a TLS check may read a session ticket off the socket.
      if now - candidate.since <= maximumIdle, candidate.stream.isIdleAndOpen {
        return candidate.stream
      }
      candidate.stream.close()
    }
  }

  /// Keeps a connection whose answer was complete for the next call to `origin`; the oldest
  /// goes when the origin already has its share.
  func put(_ stream: any ByteStream, origin: String) {
    let evicted: (any ByteStream)? = idle.withLock { idle in
      var list = idle[origin, default: []]
      list.append(Idle(stream: stream, since: CallDeadline.now()))
      let oldest = list.count > maximumPerOrigin ? list.removeFirst().stream : nil
      idle[origin] = list
      return oldest
    }
    evicted?.close()
  }

  /// Closes every idle connection.
  func closeAll() {
    let all = idle.withLock { idle in
      defer { idle.removeAll() }
      return idle.values.flatMap { $0 }
    }
    for entry in all { entry.stream.close() }
  }
}
