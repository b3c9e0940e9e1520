import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Why a loopback server could not start.
public enum LoopbackServerError: Error, Equatable, Sendable {
  /// Another socket holds this address and port (`interface.label(port:)` names it).
  case addressInUse(LoopbackInterface, port: Int)
  case socketFailed(String)
}

/// A small HTTP/1.1 server on loopback only (127.0.0.1, and ::1 when asked), for the callback
/// listener and the sandbox.
///
/// Only connections from the allowed local users are read (`LoopbackAccess`); others are
/// answered 403 before they take a slot. One request per
/// connection (`Connection: close`), a capped head and body, a short deadline for the head and
/// one for the whole request. When every slot is taken, the oldest connection still sending
/// its request is cut so a new one gets in: idle connections cannot keep a real request out.
/// Each connection is served on its own thread; the handler is synchronous so a stalled client
/// never blocks others.
public final class LoopbackServer: Sendable {
  /// The bounds every connection is held to.
  public struct Limits: Sendable, Equatable {
    public var maximumHeadBytes: Int
    public var maximumBodyBytes: Int
    /// Time allowed from the connection to the end of the request line and headers.
    public var headDeadline: TimeInterval
    /// Time allowed from the connection to the end of the whole request.
    public var readDeadline: TimeInterval
    public var maximumConnections: Int

    public init(
      maximumHeadBytes: Int = 8192, maximumBodyBytes: Int = 65536, headDeadline: TimeInterval = 2,
      readDeadline: TimeInterval = 5, maximumConnections: Int = 16
    ) {
      self.maximumHeadBytes = maximumHeadBytes
      self.maximumBodyBytes = maximumBodyBytes
      self.headDeadline = headDeadline
      self.readDeadline = readDeadline
      self.maximumConnections = maximumConnections
    }
  }

  public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

  /// An admitted connection: its admission order, and whether its request is being answered
  /// (only connections still sending their request may be cut to make room).
  struct Slot {
    let serial: UInt64
    var answering = false
  }

  struct State {
    var stopping = false
    var open: [Int32: Slot] = [:]
    var admitted: UInt64 = 0
    /// Connections from other users being answered 403 (they hold no slot).
    var refusing = 0
  }

  /// How many 403 pages are sent at once; past that a connection from another user is closed
  /// without one, so a flood costs threads no more than this.
  static let maximumRefusals = 256

  /// The port the server listens on (the chosen one when started on port 0).
  public let port: Int
  /// The addresses it listens on (::1 only where the machine has it).
  public let interfaces: [LoopbackInterface]
  private let listenFDs: [Int32]
  private let wakePipe: (read: Int32, write: Int32)
  let limits: Limits
  let access: LoopbackAccess
  let handler: Handler
  let state = Mutex(State())
  private let acceptDone = DispatchSemaphore(value: 0)

  /// Binds `port` (0 picks a free port, the same on every interface) on `interfaces` and starts
  /// accepting connections from `access`'s users. ::1 is skipped where the machine has no
  /// IPv6 loopback; any address held by another program is an error naming it.
  public init(
    port: Int = 0, interfaces: Set<LoopbackInterface> = [.ipv4],
    access: LoopbackAccess = .currentUser(), limits: Limits = Limits(),
    handler: @escaping Handler
  ) throws {
    let bound = try Self.bind(LoopbackInterface.allCases.filter(interfaces.contains), port: port)
    var pipeFDs: [Int32] = [0, 0]
    guard pipe(&pipeFDs) == 0 else {
      let text = String(cString: strerror(errno))
      for (_, fd) in bound { close(fd) }
      throw LoopbackServerError.socketFailed(text)
    }
    self.port = LoopbackInterface.boundPort(bound[0].1)
    self.interfaces = bound.map(\.0)
    self.listenFDs = bound.map(\.1)
    self.wakePipe = (pipeFDs[0], pipeFDs[1])
    self.access = access
    self.limits = limits
    self.handler = handler
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "loopback-accept"
    thread.start()
  }

  deinit { stop() }

  /// Listening sockets on each interface, all on one port. With port 0 the port 127.0.0.1 got
  /// may be taken on ::1: then another one is tried.
  private static func bind(_ interfaces: [LoopbackInterface], port: Int) throws(LoopbackServerError)
    -> [(LoopbackInterface, Int32)]
  {
    for _ in 0..<(port == 0 ? 16 : 1) {
      var bound: [(LoopbackInterface, Int32)] = []
      var chosen = port
      var retry = false
      for interface in interfaces {
        switch interface.listen(port: chosen) {
        case .success(let fd):
          bound.append((interface, fd))
          chosen = LoopbackInterface.boundPort(fd)
        case .failure(.unavailable) where interface == .ipv6:
          continue
        case .failure(let failure):
          for (_, fd) in bound { close(fd) }
          switch failure {
          case .inUse where port == 0: retry = true
          case .inUse: throw .addressInUse(interface, port: chosen)
          case .unavailable:
            throw .socketFailed("\(interface.label(port: chosen)) is not available")
          case .failed(let text): throw .socketFailed(text)
          }
        }
        if retry { break }
      }
      if !retry, !bound.isEmpty { return bound }
    }
    throw .socketFailed("no port is free on every loopback address")
  }

  /// Stops accepting, cuts open connections and returns once the accept loop has ended.
  public func stop() {
    let first: Bool = state.withLock { state in
      guard !state.stopping else { return false }
      state.stopping = true
      // Shut down under the lock: a connection thread removes its descriptor under this lock
      // before closing it, so none of these can have been closed and reused by another socket.
      for fd in state.open.keys { shutdown(fd, Int32(SHUT_RDWR)) }
      return true
    }
    guard first else { return }
    var byte: UInt8 = 1
    _ = write(wakePipe.write, &byte, 1)
    acceptDone.wait()
    for fd in listenFDs { close(fd) }
    close(wakePipe.read)
    close(wakePipe.write)
  }

  /// Waits, at most `timeout` seconds, until no answer is being written: a process about to exit
  /// calls it so that the page a browser waits for is not cut off.
  public func waitUntilAnswered(timeout: TimeInterval) {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline && state.withLock({ $0.open.values.contains(where: \.answering) }) {
      usleep(20_000)
    }
  }

  /// Whether `stop()` has been called; handlers that wait check it to end early.
  public var isStopping: Bool { state.withLock { $0.stopping } }

  private func acceptLoop() {
    defer { acceptDone.signal() }
    var fds = (listenFDs + [wakePipe.read]).map {
      pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
    }
    while true {
      for index in fds.indices { fds[index].revents = 0 }
      let ready = poll(&fds, nfds_t(fds.count), -1)
      if ready < 0 && errno == EINTR { continue }
      if isStopping || fds[fds.count - 1].revents != 0 || ready < 0 { return }
      let clients = fds.dropLast().filter { $0.revents != 0 }.flatMap { acceptPending($0.fd) }
      // Before they take a slot and before a byte is read: another user's connection neither
      // waits in line with the real callback nor has its request parsed. One look at the
      // kernel's tables serves the whole burst.
      for (client, admitted) in zip(clients, access.admits(clients)) {
        if admitted { start(client) } else { refuse(client) }
      }
    }
  }

  /// Every connection waiting on `listener` (non-blocking), up to a burst's worth.
  private func acceptPending(_ listener: Int32) -> [Int32] {
    var clients: [Int32] = []
    while clients.count < 1024 {
      let client = accept(listener, nil, nil)
      if client >= 0 {
        clients.append(client)
        continue
      }
      let code = errno
      if code == EINTR { continue }
      // Out of descriptors (EMFILE/ENFILE): the connection stays queued, so pause instead of
      // spinning on a listener that keeps polling ready.
      if code == EMFILE || code == ENFILE {
        var wake = pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)
        _ = poll(&wake, 1, 50)
      }
      break
    }
    return clients
  }

  private func start(_ client: Int32) {
    guard let serial = admit(client) else {
      // Answered without lingering: the accept loop must not wait on a client.
      send(
        client, HTTPResponse(status: 503, contentType: "text/plain", text: "busy\n"), linger: false)
      close(client)
      return
    }
    let thread = Thread { [self] in serve(client, serial: serial) }
    thread.name = "loopback-connection"
    thread.start()
  }

  /// Answers another user's connection with 403 on a thread of its own, or, during a flood,
  /// closes it at once.
  private func refuse(_ client: Int32) {
    let answering = state.withLock { state -> Bool in
      guard state.refusing < Self.maximumRefusals else { return false }
      state.refusing += 1
      return true
    }
    guard answering else {
      close(client)
      return
    }
    let thread = Thread { [self] in
      send(client, LoopbackAccess.refusal)
      close(client)
      state.withLock { $0.refusing -= 1 }
    }
    thread.name = "loopback-refusal"
    thread.start()
  }

  /// Takes a slot for `client`, cutting the oldest connection still sending its request when
  /// all are taken; nil when every slot is answering a request (or the server stops).
  private func admit(_ client: Int32) -> UInt64? {
    state.withLock { state -> UInt64? in
      guard !state.stopping else { return nil }
      if state.open.count >= limits.maximumConnections {
        let idle = state.open.filter { !$0.value.answering }
        guard let oldest = idle.min(by: { $0.value.serial < $1.value.serial })?.key else {
          return nil
        }
        // Under the lock, while still registered: its thread cannot have closed it yet. Its
        // reads end at once and it leaves without touching the new entries.
        shutdown(oldest, Int32(SHUT_RDWR))
        state.open[oldest] = nil
      }
      state.admitted += 1
      state.open[client] = Slot(serial: state.admitted)
      return state.admitted
    }
  }
}
