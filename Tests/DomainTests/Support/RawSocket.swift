import Dispatch
import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// What a raw exchange with a server produced.
struct RawExchange: Sendable {
  var response: [UInt8]
  /// The server ended the connection (as opposed to our own safety deadline ending it).
  var closedByServer: Bool

  /// The status code of the first response line, if any.
  var status: Int? {
    let text = String(decoding: response.prefix(64), as: UTF8.self)
    let parts = text.split(separator: " ", maxSplits: 2)
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
    return Int(parts[1])
  }

  var body: String {
    let text = String(decoding: response, as: UTF8.self)
    guard let range = text.range(of: "\r\n\r\n") else { return "" }
    return String(text[range.upperBound...])
  }
}

/// Blocking TCP helpers on 127.0.0.1 for talking to servers byte by byte.
enum RawSocket {
  /// Connects, writes `bytes` (all at once, or one byte per `byteInterval`), then reads until
  /// the server closes or `safety` seconds pass.
  static func exchange(
    port: Int, bytes: [UInt8], byteInterval: TimeInterval? = nil, safety: TimeInterval = 20,
    ipv6: Bool = false
  ) -> RawExchange {
    let fd = connectLoopback(port: port, ipv6: ipv6)
    guard fd >= 0 else { return RawExchange(response: [], closedByServer: true) }
    defer { close(fd) }
    let deadline = Date().addingTimeInterval(safety)
    let response: [UInt8] = []
    if let byteInterval {
      for byte in bytes {
        var one = byte
        guard Glibc.send(fd, &one, 1, Int32(MSG_NOSIGNAL)) == 1 else {
          return finishReading(fd, response, until: deadline)
        }
        // Wait for the pacing interval, but stop at once if the server answers or hangs up.
        if waitReadable(fd, seconds: byteInterval) {
          return finishReading(fd, response, until: deadline)
        }
        if Date() > deadline { return RawExchange(response: response, closedByServer: false) }
      }
    } else {
      var offset = 0
      while offset < bytes.count {
        let sent = bytes[offset...].withUnsafeBytes {
          Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
        guard sent > 0 else { break }
        offset += sent
      }
    }
    return finishReading(fd, response, until: deadline)
  }

  /// A connected socket to 127.0.0.1:`port` (or [::1]:`port`), or -1.
  static func connectLoopback(port: Int, ipv6: Bool = false) -> Int32 {
    LoopbackHTTP.connect(port: port, ipv6: ipv6)
  }

  /// A socket listening on 127.0.0.1 at a port the kernel picks.
  static func listenLoopback() -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    listen(fd, 64)
    return fd
  }

  /// Whether `fd` has something to read (data, or the server's end of the connection) within `seconds`.
  static func waitReadable(_ fd: Int32, seconds: TimeInterval) -> Bool {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, Int32(seconds * 1000)) > 0
  }

  private static func finishReading(_ fd: Int32, _ start: [UInt8], until deadline: Date)
    -> RawExchange
  {
    var response = start
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { return RawExchange(response: response, closedByServer: false) }
      guard waitReadable(fd, seconds: min(remaining, 1)) else { continue }
      let count = recv(fd, &chunk, chunk.count, 0)
      if count <= 0 { return RawExchange(response: response, closedByServer: true) }
      response.append(contentsOf: chunk[0..<count])
    }
  }
}

/// Runs blocking work on real threads (the cooperative pool is tiny on 2 cores), `workers`
/// at a time, and returns the results in input order.
func onThreads<Item: Sendable, Output: Sendable>(
  _ items: [Item], workers: Int, _ body: @escaping @Sendable (Item) -> Output
) async -> [Output] {
  await withCheckedContinuation { continuation in
    let next = Shared(0)
    let results = Shared([Int: Output]())
    let group = DispatchGroup()
    for _ in 0..<max(1, min(workers, items.count)) {
      group.enter()
      Thread {
        while true {
          let index = next.withLock { value -> Int in
            defer { value += 1 }
            return value
          }
          guard index < items.count else { break }
          let output = body(items[index])
          results.withLock { $0[index] = output }
        }
        group.leave()
      }.start()
    }
    group.notify(queue: .global()) {
      let all = results.withLock { $0 }
      continuation.resume(returning: (0..<items.count).compactMap { all[$0] })
    }
  }
}

/// A mutex-guarded value that closures can share.
final class Shared<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>
  init(_ value: Value) { mutex = Mutex(value) }
  func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
  var value: Value { mutex.withLock { $0 } }
}
