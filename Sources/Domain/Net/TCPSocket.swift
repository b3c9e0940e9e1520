import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A non-blocking TCP connection whose connect, reads and writes end at the call's deadline:
/// the stream of plain `http://` calls and the carrier of TLS sessions.
public final class TCPSocket: ByteStream, @unchecked Sendable {
  /// The connected descriptor (non-blocking, close-on-exec); TLS sessions run over it.
  public let descriptor: Int32
  private var isClosed = false

  private init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  deinit { close() }

  /// Resolves `host` and connects to the first of its addresses that accepts, by the deadline.
  /// Failures are `.notSent` with a short phrase ("connection refused", "host not found").
  public static func connect(host: String, port: Int, deadline: CallDeadline)
    -> Result<TCPSocket, TransportFailure>
  {
    let addresses: [SocketAddress]
    switch SocketAddress.resolve(host: host, port: port, deadline: deadline) {
    case .success(let found): addresses = found
    case .failure(let failure): return .failure(failure)
    }
    var last = TransportFailure.notSent("host not found")
    for address in addresses {
      switch attempt(address, deadline: deadline) {
      case .success(let socket): return .success(socket)
      case .failure(.cancelled): return .failure(.cancelled)
      case .failure(let failure): last = failure
      }
      if deadline.remaining <= 0 { break }
    }
    return .failure(last)
  }

  private static func attempt(_ address: SocketAddress, deadline: CallDeadline)
    -> Result<TCPSocket, TransportFailure>
  {
    let fd = socket(
      address.family,
      Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return .failure(.notSent(String(cString: strerror(errno)))) }
    let socket = TCPSocket(descriptor: fd)
    var noDelay: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    let started = address.bytes.withUnsafeBytes { raw in
      Glibc.connect(
        fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
    }
    if started == 0 { return .success(socket) }
    guard errno == EINPROGRESS || errno == EINTR else { return .failure(connectFailure(errno)) }
    switch deadline.wait(fd, for: Int16(POLLOUT)) {
    case .cancelled: return .failure(.cancelled)
    case .timedOut: return .failure(.notSent("connection timed out"))
    case .ready: break
    }
    var code: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
    return code == 0 ? .success(socket) : .failure(connectFailure(code))
  }

  private static func connectFailure(_ code: Int32) -> TransportFailure {
    switch code {
    case ECONNREFUSED: .notSent("connection refused")
    case ETIMEDOUT: .notSent("connection timed out")
    case ENETUNREACH: .notSent("network unreachable")
    case EHOSTUNREACH: .notSent("host unreachable")
    default: .notSent(String(cString: strerror(code)))
    }
  }

  public func read(into buffer: inout [UInt8], maximum: Int, deadline: CallDeadline)
    -> Result<Int, StreamFailure>
  {
    var chunk = [UInt8](repeating: 0, count: maximum)
    while true {
      let count = recv(descriptor, &chunk, maximum, 0)
      if count >= 0 {
        buffer.append(contentsOf: chunk[0..<count])
        return .success(count)
      }
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK:
        if let failure = wait(for: Int16(POLLIN), deadline) { return .failure(failure) }
      default: return .failure(.broken(Self.phrase(errno)))
      }
    }
  }

  public func write(_ bytes: [UInt8], deadline: CallDeadline) -> Result<Void, StreamFailure> {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes { raw in
        send(
          descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
      }
      if sent >= 0 {
        offset += sent
        continue
      }
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK:
        if let failure = wait(for: Int16(POLLOUT), deadline) { return .failure(failure) }
      default: return .failure(.broken(Self.phrase(errno)))
      }
    }
    return .success(())
  }

  /// Waits for the descriptor; nil when it is ready.
  private func wait(for events: Int16, _ deadline: CallDeadline) -> StreamFailure? {
    switch deadline.wait(descriptor, for: events) {
    case .ready: nil
    case .timedOut: .timedOut
    case .cancelled: .cancelled
    }
  }

  /// Whether the peer has sent something or hung up (checked without waiting).
  public var hasPendingInput: Bool {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, 0) != 0
  }

  public var isIdleAndOpen: Bool { !isClosed && !hasPendingInput }

  public func close() {
    guard !isClosed else { return }
    isClosed = true
    Glibc.close(descriptor)
  }

  private static func phrase(_ code: Int32) -> String {
    switch code {
    case ECONNRESET: "connection reset by the server"
    case EPIPE: "connection closed by the server"
    default: String(cString: strerror(code))
    }
  }
}
