import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Why a loopback server could not start.
public enum LoopbackServerError: Error, Equatable, Sendable {
  case portInUse(Int)
  case socketFailed(String)
}

/// A small HTTP/1.1 server bound to 127.0.0.1 only, for the callback listener and the sandbox.
///
/// One request per connection (`Connection: close`), a capped head and body, one deadline for
/// reading the whole request, and a cap on connections open at once. Each connection is served
/// on its own thread; the handler is synchronous so a stalled client never blocks others.
public final class LoopbackServer: Sendable {
  /// The bounds every connection is held to.
  public struct Limits: Sendable, Equatable {
    public var maximumHeadBytes: Int
    public var maximumBodyBytes: Int
    public var readDeadline: TimeInterval
    public var maximumConnections: Int

    public init(
      maximumHeadBytes: Int = 8192, maximumBodyBytes: Int = 65536, readDeadline: TimeInterval = 5,
      maximumConnections: Int = 16
    ) {
      self.maximumHeadBytes = maximumHeadBytes
      self.maximumBodyBytes = maximumBodyBytes
      self.readDeadline = readDeadline
      self.maximumConnections = maximumConnections
    }
  }

  public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

  private struct State {
    var stopping = false
    var open: Set<Int32> = []
  }

  /// The port the server listens on (the chosen one when started on port 0).
  public let port: Int
  private let listenFD: Int32
  private let wakePipe: (read: Int32, write: Int32)
  private let limits: Limits
  private let handler: Handler
  private let state = Mutex(State())
  private let acceptDone = DispatchSemaphore(value: 0)

  /// Binds 127.0.0.1:`port` (0 picks a free port) and starts accepting.
  public init(port: Int = 0, limits: Limits = Limits(), handler: @escaping Handler) throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw LoopbackServerError.socketFailed(Self.errnoText()) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 128) == 0 else {
      let code = errno
      close(fd)
      if code == EADDRINUSE { throw LoopbackServerError.portInUse(port) }
      throw LoopbackServerError.socketFailed(String(cString: strerror(code)))
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    var pipeFDs: [Int32] = [0, 0]
    guard pipe(&pipeFDs) == 0 else {
      close(fd)
      throw LoopbackServerError.socketFailed(Self.errnoText())
    }
    self.port = Int(UInt16(bigEndian: actual.sin_port))
    self.listenFD = fd
    self.wakePipe = (pipeFDs[0], pipeFDs[1])
    self.limits = limits
    self.handler = handler
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "loopback-accept"
    thread.start()
  }

  deinit { stop() }

  /// Stops accepting, cuts open connections and returns once the accept loop has ended.
  public func stop() {
    let first: Bool = state.withLock { state in
      guard !state.stopping else { return false }
      state.stopping = true
      // Shut down under the lock: a connection thread removes its descriptor under this lock
      // before closing it, so none of these can have been closed and reused by another socket.
      for fd in state.open { shutdown(fd, Int32(SHUT_RDWR)) }
      return true
    }
    guard first else { return }
    var byte: UInt8 = 1
    _ = write(wakePipe.write, &byte, 1)
    acceptDone.wait()
    close(listenFD)
    close(wakePipe.read)
    close(wakePipe.write)
  }

  /// Whether `stop()` has been called; handlers that wait check it to end early.
  public var isStopping: Bool { state.withLock { $0.stopping } }

  private func acceptLoop() {
    defer { acceptDone.signal() }
    while true {
      var fds = [
        pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
        pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&fds, 2, -1)
      if ready < 0 && errno == EINTR { continue }
      if isStopping || fds[1].revents != 0 || ready < 0 { return }
      let client = accept(listenFD, nil, nil)
      guard client >= 0 else {
        // Out of descriptors (EMFILE/ENFILE): the connection stays queued, so pause instead of
        // spinning on a listener that keeps polling ready.
        if errno == EMFILE || errno == ENFILE { _ = poll(&fds[1], 1, 50) }
        continue
      }
      let admitted = state.withLock { state -> Bool in
        guard !state.stopping, state.open.count < limits.maximumConnections else { return false }
        state.open.insert(client)
        return true
      }
      guard admitted else {
        // Answered without lingering: the accept loop must not wait on a client.
        send(client, HTTPResponse(status: 503, contentType: "text/plain", text: "busy\n"), linger: false)
        close(client)
        continue
      }
      let thread = Thread { [self] in serve(client) }
      thread.name = "loopback-connection"
      thread.start()
    }
  }

  private func serve(_ fd: Int32) {
    defer {
      state.withLock { _ = $0.open.remove(fd) }
      close(fd)
    }
    let response: HTTPResponse
    switch readRequest(fd) {
    case .success(let request): response = handler(request)
    case .failure(.closed): return
    case .failure(.parse(let error)):
      response = HTTPResponse(
        status: error.status, contentType: "text/plain; charset=utf-8", text: "bad request\n")
    }
    send(fd, response)
  }

  private enum ReadFailure: Error {
    case closed
    case parse(HTTPParseError)
  }

  private func readRequest(_ fd: Int32) -> Result<HTTPRequest, ReadFailure> {
    let deadline = Date().addingTimeInterval(limits.readDeadline)
    var buffer: [UInt8] = []
    var headEnd: Int?
    while headEnd == nil {
      guard buffer.count < limits.maximumHeadBytes else { return .failure(.parse(.headTooLarge)) }
      switch readSome(fd, into: &buffer, max: limits.maximumHeadBytes - buffer.count, until: deadline) {
      case .data: headEnd = HTTPHeadParser.endOfHead(in: buffer)
      case .closed: return .failure(.closed)
      case .timedOut: return .failure(.parse(.timedOut))
      }
    }
    guard let headEnd else { return .failure(.closed) }
    let head: HTTPRequestHead
    switch HTTPRequestParser.parse(head: buffer[0..<headEnd]) {
    case .success(let parsed): head = parsed
    case .failure(let error): return .failure(.parse(error))
    }
    guard head.contentLength <= limits.maximumBodyBytes else { return .failure(.parse(.bodyTooLarge)) }
    var body = Array(buffer[headEnd...].prefix(head.contentLength))
    while body.count < head.contentLength {
      switch readSome(fd, into: &body, max: head.contentLength - body.count, until: deadline) {
      case .data: continue
      case .closed: return .failure(.closed)
      case .timedOut: return .failure(.parse(.timedOut))
      }
    }
    return .success(
      HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body))
  }

  private enum ReadOutcome {
    case data
    case closed
    case timedOut
  }

  private func readSome(_ fd: Int32, into buffer: inout [UInt8], max: Int, until deadline: Date)
    -> ReadOutcome
  {
    while true {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { return .timedOut }
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000)) + 1)
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 { continue }
      guard ready > 0 else { return .closed }
      var chunk = [UInt8](repeating: 0, count: Swift.min(max, 4096))
      let count = recv(fd, &chunk, chunk.count, 0)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return .closed }
      buffer.append(contentsOf: chunk[0..<count])
      return .data
    }
  }

  private func send(_ fd: Int32, _ response: HTTPResponse, linger: Bool = true) {
    var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
    for (name, value) in response.headers where name.lowercased() != "content-length" {
      head += "\(name): \(value)\r\n"
    }
    head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
    var timeout = linger ? timeval(tv_sec: 5, tv_usec: 0) : timeval(tv_sec: 0, tv_usec: 100_000)
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let bytes = Array(head.utf8) + response.body
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if sent < 0 && errno == EINTR { continue }
      guard sent > 0 else { return }
      offset += sent
    }
    shutdown(fd, Int32(SHUT_WR))
    if linger { drain(fd) }
  }

  /// Reads what the client still sends (briefly) so closing does not reset the connection
  /// before the client has read the response.
  private func drain(_ fd: Int32) {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    var scratch = [UInt8](repeating: 0, count: 4096)
    for _ in 0..<16 {
      guard poll(&descriptor, 1, 200) > 0, recv(fd, &scratch, scratch.count, 0) > 0 else { return }
    }
  }

  private static func errnoText() -> String { String(cString: strerror(errno)) }
}
