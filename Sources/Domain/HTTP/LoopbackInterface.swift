import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A loopback address a server listens on: 127.0.0.1, or ::1 (which `localhost` also names,
/// and which a browser may try first).
public enum LoopbackInterface: Hashable, Sendable, CaseIterable {
  case ipv4
  case ipv6

  /// `127.0.0.1:PORT` or `[::1]:PORT`, as messages name it.
  public func label(port: Int) -> String {
    switch self {
    case .ipv4: "127.0.0.1:\(port)"
    case .ipv6: "[::1]:\(port)"
    }
  }

  /// Why a listening socket could not be made.
  enum BindFailure: Error {
    /// Another socket holds the address and port.
    case inUse
    /// The machine has no such address (no ::1, IPv6 disabled).
    case unavailable
    case failed(String)
  }

  /// A listening socket on this address and `port` (0: any free port).
  func listen(port: Int) -> Result<Int32, BindFailure> {
    let family = self == .ipv4 ? AF_INET : AF_INET6
    // Non-blocking, so the accept loop can take a whole burst and stop when it is drained
    // (accepted sockets do not inherit the flag on Linux).
    let type = SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue
    let fd = socket(family, Int32(type), 0)
    guard fd >= 0 else {
      return errno == EAFNOSUPPORT ? .failure(.unavailable) : .failure(.failed(Self.errnoText()))
    }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    if self == .ipv6 {
      // ::1 only, never IPv4 through a mapped address.
      setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }
    let bound = withAddress(port: port) { bind(fd, $0, $1) }
    // A deep backlog: a burst of connections waits to be accepted instead of being dropped
    // (a dropped SYN costs the real callback a one-second retransmission).
    guard bound == 0, Glibc.listen(fd, SOMAXCONN) == 0 else {
      let code = errno
      close(fd)
      switch code {
      case EADDRINUSE: return .failure(.inUse)
      case EADDRNOTAVAIL, EAFNOSUPPORT: return .failure(.unavailable)
      default: return .failure(.failed(String(cString: strerror(code))))
      }
    }
    return .success(fd)
  }

  /// A socket connected to this address at `port`, whose reads and writes give up after
  /// `timeout`; nil when nothing listens there.
  public func connect(port: Int, timeout: TimeInterval) -> Int32? {
    let type = SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue
    let fd = socket(self == .ipv4 ? AF_INET : AF_INET6, Int32(type), 0)
    guard fd >= 0 else { return nil }
    let seconds = max(timeout, 0.001)
    var limit = timeval(
      tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
    for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
      setsockopt(fd, SOL_SOCKET, option, &limit, socklen_t(MemoryLayout<timeval>.size))
    }
    guard withAddress(port: port, { Glibc.connect(fd, $0, $1) }) == 0 else {
      close(fd)
      return nil
    }
    return fd
  }

  /// Calls `body` with this address at `port` as a `sockaddr` and its length.
  private func withAddress(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32)
    -> Int32
  {
    let networkPort = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
    switch self {
    case .ipv4:
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = networkPort
      address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
    case .ipv6:
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = networkPort
      address.sin6_addr = in6addr_loopback
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
      }
    }
  }

  /// The port a listening socket was bound to.
  static func boundPort(_ fd: Int32) -> Int {
    Int(SocketEndpoint.of(fd, peer: false)?.port ?? 0)
  }

  private static func errnoText() -> String { String(cString: strerror(errno)) }
}
