import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One address to connect to: the bytes of a `sockaddr_in` or `sockaddr_in6`.
struct SocketAddress: Sendable {
  let family: Int32
  let bytes: [UInt8]

  /// The addresses of `host` in the resolver's order. An IP literal needs no lookup; a name is
  /// looked up on a helper thread so that a slow resolver ends at the deadline too
  /// (`getaddrinfo` itself cannot be interrupted).
  static func resolve(host: String, port: Int, deadline: CallDeadline)
    -> Result<[SocketAddress], TransportFailure>
  {
    if let literal = literal(host, port: port) { return .success([literal]) }
    let answer = Mutex<Result<[SocketAddress], TransportFailure>?>(nil)
    let done = DispatchSemaphore(value: 0)
    let lookup = Thread {
      let result = lookUp(host, port: port)
      answer.withLock { $0 = result }
      done.signal()
    }
    lookup.name = "tractok-resolve"
    lookup.start()
    while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
      if deadline.cancellation.isCancelled { return .failure(.cancelled) }
      if deadline.remaining <= 0 { return .failure(.notSent("name lookup timed out")) }
    }
    return answer.withLock { $0 } ?? .failure(.notSent("host not found"))
  }

  /// The address of an IPv4 or IPv6 literal (without brackets), or nil for a name.
  static func literal(_ host: String, port: Int) -> SocketAddress? {
    var v4 = sockaddr_in()
    if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
      v4.sin_family = sa_family_t(AF_INET)
      v4.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
      return SocketAddress(family: AF_INET, bytes: withUnsafeBytes(of: v4) { Array($0) })
    }
    var v6 = sockaddr_in6()
    if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
      v6.sin6_family = sa_family_t(AF_INET6)
      v6.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
      return SocketAddress(family: AF_INET6, bytes: withUnsafeBytes(of: v6) { Array($0) })
    }
    return nil
  }

  private static func lookUp(_ host: String, port: Int) -> Result<[SocketAddress], TransportFailure>
  {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = AI_ADDRCONFIG
    var list: UnsafeMutablePointer<addrinfo>?
    let code = getaddrinfo(host, String(port), &hints, &list)
    guard code == 0, let list else {
      return .failure(.notSent(code == EAI_AGAIN ? "name lookup failed for now" : "host not found"))
    }
    defer { freeaddrinfo(list) }
    var found: [SocketAddress] = []
    var entry: UnsafeMutablePointer<addrinfo>? = list
    while let current = entry?.pointee {
      if let address = current.ai_addr,
        current.ai_family == AF_INET || current.ai_family == AF_INET6
      {
        let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(current.ai_addrlen)))
        found.append(SocketAddress(family: current.ai_family, bytes: bytes))
      }
      entry = current.ai_next
    }
    return found.isEmpty ? .failure(.notSent("host not found")) : .success(found)
  }
}
