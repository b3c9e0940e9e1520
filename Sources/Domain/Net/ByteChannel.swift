import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// When blocking I/O of one call must give up: its deadline, or the caller cancelling.
public struct IOLimit: Sendable {
  public let deadline: Date
  private let cancellation: Cancellation

  public init(deadline: Date, cancellation: Cancellation = Cancellation()) {
    self.deadline = deadline
    self.cancellation = cancellation
  }

  /// Why to stop now, if so.
  public var stopReason: TransportFailure? {
    if cancellation.isCancelled { return .cancelled }
    return deadline.timeIntervalSinceNow <= 0 ? .timedOut : nil
  }

  /// Waits until `fd` is ready for `events` (`POLLIN`/`POLLOUT`), looking at the deadline and
  /// the cancellation at least every 50 ms.
  public func wait(for fd: Int32, events: Int16) -> Result<Void, TransportFailure> {
    while true {
      if let reason = stopReason { return .failure(reason) }
      let slice = min(deadline.timeIntervalSinceNow, 0.05)
      var descriptor = pollfd(fd: fd, events: events, revents: 0)
      let ready = poll(&descriptor, 1, Int32(max(1, slice * 1000)))
      if ready > 0 { return .success(()) }
      if ready < 0 && errno != EINTR { return .failure(.interrupted("connection lost")) }
    }
  }
}

/// A flag the caller's cancellation handler sets and the I/O thread reads.
public final class Cancellation: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  public var isCancelled: Bool { flag.load(ordering: .acquiring) }
  public func cancel() { flag.store(true, ordering: .releasing) }
}

/// A connected byte stream: a TCP socket, or TLS on one.
public protocol ByteChannel: AnyObject {
  /// Writes all of `bytes` before the limit stops it.
  func write(_ bytes: [UInt8], limit: IOLimit) -> Result<Void, TransportFailure>
  /// Reads up to `count` bytes; an empty array means the peer closed the stream.
  func read(upTo count: Int, limit: IOLimit) -> Result<[UInt8], TransportFailure>
  /// Closes the stream (and its socket); safe to call more than once.
  func close()
}

/// Makes TLS client connections on connected sockets (Storage implements it with OpenSSL, since
/// Domain links no C library). It must verify the chain against the system's roots and `host`.
public protocol TLSConnector: Sendable {
  /// Performs the handshake on `socket` for `host`; owns the socket from here on. A failure
  /// means nothing was sent yet.
  func secure(_ socket: SocketChannel, host: String, limit: IOLimit)
    -> Result<any ByteChannel, TransportFailure>
}

/// A non-blocking TCP connection.
public final class SocketChannel: ByteChannel {
  public private(set) var fd: Int32

  private init(fd: Int32) { self.fd = fd }

  deinit { close() }

  /// Resolves `host` and connects to the first address that answers; failures are `notSent`.
  public static func connect(host: String, port: Int, limit: IOLimit)
    -> Result<SocketChannel, TransportFailure>
  {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
      return .failure(.notSent("host not found"))
    }
    defer { freeaddrinfo(list) }
    var failure = TransportFailure.notSent("connection refused")
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let address = entry {
      entry = address.pointee.ai_next
      let kind =
        Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        | Int32(SOCK_CLOEXEC.rawValue)
      let fd = socket(address.pointee.ai_family, kind, 0)
      guard fd >= 0 else { continue }
      let channel = SocketChannel(fd: fd)
      switch channel.finishConnect(address.pointee, limit: limit) {
      case .success: return .success(channel)
      case .failure(let reason):
        channel.close()
        failure = reason
        if reason == .timedOut || reason == .cancelled { return .failure(reason) }
      }
    }
    return .failure(failure)
  }

  private func finishConnect(_ address: addrinfo, limit: IOLimit) -> Result<Void, TransportFailure>
  {
    if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return .success(()) }
    guard errno == EINPROGRESS else { return .failure(.notSent("connection refused")) }
    if case .failure(let reason) = limit.wait(for: fd, events: Int16(POLLOUT)) {
      return .failure(reason == .timedOut || reason == .cancelled ? reason : .notSent("no route"))
    }
    var error: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
    guard error == 0 else {
      return .failure(.notSent(error == ECONNREFUSED ? "connection refused" : "no route"))
    }
    return .success(())
  }

  public func write(_ bytes: [UInt8], limit: IOLimit) -> Result<Void, TransportFailure> {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if sent > 0 {
        offset += sent
      } else if sent < 0 && (errno == EAGAIN || errno == EINTR) {
        if case .failure(let reason) = limit.wait(for: fd, events: Int16(POLLOUT)) {
          return .failure(reason)
        }
      } else {
        return .failure(.interrupted("connection lost"))
      }
    }
    return .success(())
  }

  public func read(upTo count: Int, limit: IOLimit) -> Result<[UInt8], TransportFailure> {
    var chunk = [UInt8](repeating: 0, count: max(1, count))
    while true {
      let received = recv(fd, &chunk, chunk.count, 0)
      if received >= 0 { return .success(Array(chunk[0..<received])) }
      guard errno == EAGAIN || errno == EINTR else {
        return .failure(.interrupted("connection lost"))
      }
      if case .failure(let reason) = limit.wait(for: fd, events: Int16(POLLIN)) {
        return .failure(reason)
      }
    }
  }

  public func close() {
    guard fd >= 0 else { return }
    Glibc.close(fd)
    fd = -1
  }
}
