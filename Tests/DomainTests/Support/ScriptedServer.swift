import Domain
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A loopback HTTP/1.1 server that answers each request with scripted bytes, keeps connections
/// open between requests unless told otherwise, and counts the connections it accepted: the
/// HTTP client's framing, keep-alive and deadline tests talk to it.
final class ScriptedServer: Sendable {
  /// What the server does with one request.
  enum Reply: Sendable {
    /// Writes these bytes and waits for the next request on the connection.
    case send([UInt8])
    /// Writes these bytes and closes the connection.
    case sendAndClose([UInt8])
    /// Closes the connection without answering.
    case hangUp
    /// Writes these bytes, then holds the connection, trickling one more byte every 100 ms
    /// (when there were bytes) so that only a whole-call deadline can end the wait.
    case stall([UInt8])
  }

  /// One request as received, with the number of the connection it came on (from 1).
  struct Seen: Sendable {
    let connection: Int
    let request: HTTPRequest
  }

  private struct State {
    var accepted = 0
    var closed = 0
    var seen: [Seen] = []
    var open: Set<Int32> = []
    var stopping = false
  }

  let port: Int
  private let listener: Int32
  private let state = Mutex(State())

  init(_ script: @escaping @Sendable (Seen) -> Reply) {
    let fd = RawSocket.listenLoopback()
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    listener = fd
    port = Int(UInt16(bigEndian: address.sin_port))
    Thread { [self] in acceptLoop(script) }.start()
  }

  deinit { stop() }

  var acceptedConnections: Int { state.withLock { $0.accepted } }
  var closedConnections: Int { state.withLock { $0.closed } }
  var requests: [Seen] { state.withLock { $0.seen } }

  func stop() {
    let open: Set<Int32>? = state.withLock { state in
      guard !state.stopping else { return nil }
      state.stopping = true
      return state.open
    }
    guard let open else { return }
    for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    shutdown(listener, Int32(SHUT_RDWR))
  }

  private var stopping: Bool { state.withLock { $0.stopping } }

  private func acceptLoop(_ script: @escaping @Sendable (Seen) -> Reply) {
    defer { close(listener) }
    while !stopping {
      var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
      guard poll(&entry, 1, 100) > 0 else { continue }
      let client = accept(listener, nil, nil)
      guard client >= 0 else { continue }
      let number: Int? = state.withLock { state in
        guard !state.stopping else { return nil }
        state.accepted += 1
        state.open.insert(client)
        return state.accepted
      }
      guard let number else {
        close(client)
        return
      }
      Thread { [self] in serve(client, number: number, script) }.start()
    }
  }

  private func serve(_ fd: Int32, number: Int, _ script: @Sendable (Seen) -> Reply) {
    defer {
      close(fd)
      state.withLock {
        _ = $0.open.remove(fd)
        $0.closed += 1
      }
    }
    var buffer: [UInt8] = []
    while let request = readRequest(fd, &buffer) {
      let seen = Seen(connection: number, request: request)
      state.withLock { $0.seen.append(seen) }
      switch script(seen) {
      case .send(let bytes): write(fd, bytes)
      case .sendAndClose(let bytes):
        write(fd, bytes)
        return
      case .hangUp: return
      case .stall(let bytes):
        write(fd, bytes)
        while !stopping {
          var entry = pollfd(fd: fd, events: 0, revents: 0)
          _ = poll(&entry, 1, 100)
          if !bytes.isEmpty { write(fd, [UInt8(ascii: "x")]) }
        }
        return
      }
    }
  }

  private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> HTTPRequest? {
    while HTTPHeadParser.endOfHead(in: buffer) == nil {
      guard receive(fd, &buffer) else { return nil }
    }
    guard let end = HTTPHeadParser.endOfHead(in: buffer),
      case .success(let head) = HTTPRequestParser.parse(head: buffer[0..<end])
    else { return nil }
    buffer.removeFirst(end)
    while buffer.count < head.contentLength {
      guard receive(fd, &buffer) else { return nil }
    }
    let body = Array(buffer.prefix(head.contentLength))
    buffer.removeFirst(head.contentLength)
    return HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body)
  }

  private func receive(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
    var chunk = [UInt8](repeating: 0, count: 16384)
    let count = recv(fd, &chunk, chunk.count, 0)
    guard count > 0 else { return false }
    buffer.append(contentsOf: chunk[0..<count])
    return true
  }

  private func write(_ fd: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { return }
      offset += sent
    }
  }

  /// A complete response with a Content-Length body.
  static func response(
    _ status: Int = 200, _ body: String = "", headers: [(String, String)] = []
  ) -> [UInt8] {
    var head = "HTTP/1.1 \(status) Status\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    head += "Content-Length: \(body.utf8.count)\r\n\r\n"
    return Array((head + body).utf8)
  }
}
