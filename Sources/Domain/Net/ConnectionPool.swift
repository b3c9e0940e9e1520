import Synchronization

/// Idle keep-alive connections by origin (scheme, host, port and proxy), each handed to one
/// call at a time: a call takes a connection out and puts it back only after a complete answer.
final class ConnectionPool: Sendable {
  private struct Idle {
    let stream: any ByteStream
    let since: Double
  }

  private let maximumPerOrigin: Int
  /// Connections idle longer than this are closed.
  private let maximumIdle: Double
  private let idle = Mutex<[String: [Idle]]>([:])

  init(maximumPerOrigin: Int, maximumIdle: Double) {
    self.maximumPerOrigin = maximumPerOrigin
    self.maximumIdle = maximumIdle
  }

  deinit { closeAll() }

  /// The most recently used connection to `origin`, when it was used within `window` seconds
  /// and is still open. Connections past the pool's idle limit are closed on the way; younger
  /// ones a short window does not accept stay for calls with a longer one.
  func take(_ origin: String, usedWithin window: Double) -> (any ByteStream)? {
    let now = CallDeadline.now()
    while true {
      let (candidate, expired): (Idle?, [Idle]) = idle.withLock { idle in
        guard var list = idle[origin] else { return (nil, []) }
        var expired: [Idle] = []
        while let oldest = list.first, now - oldest.since > maximumIdle {
          expired.append(list.removeFirst())
        }
        var taken: Idle?
        if let newest = list.last, now - newest.since <= window { taken = list.removeLast() }
        idle[origin] = list.isEmpty ? nil : list
        return (taken, expired)
      }
      for entry in expired { entry.stream.close() }
      guard let candidate else { return nil }
      // Checked outside the lock: a TLS check may read a session ticket off the socket.
      if candidate.stream.isIdleAndOpen { return candidate.stream }
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
