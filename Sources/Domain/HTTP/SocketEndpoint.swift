import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One end of a TCP connection: an address and a port. IPv4 addresses are held in their
/// IPv4-mapped IPv6 form (`::ffff:a.b.c.d`), so a dual-stack socket's view of an IPv4 peer and
/// the peer's own view compare equal.
public struct SocketEndpoint: Hashable, Sendable {
  /// 16 bytes in network order.
  public let address: [UInt8]
  public let port: UInt16

  private static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]

  /// Whether the address is IPv4 (held as `::ffff:a.b.c.d`).
  public var isIPv4Mapped: Bool { address.starts(with: Self.mappedPrefix) }

  /// An endpoint from 4 (IPv4) or 16 (IPv6) address bytes in network order.
  public init?(address bytes: [UInt8], port: UInt16) {
    switch bytes.count {
    case 4: address = Self.mappedPrefix + bytes
    case 16: address = bytes
    default: return nil
    }
    self.port = port
  }

  /// The local (`getsockname`) or remote (`getpeername`) end of a connected socket.
  static func of(_ fd: Int32, peer: Bool) -> SocketEndpoint? {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    let result = withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        peer ? getpeername(fd, $0, &length) : getsockname(fd, $0, &length)
      }
    }
    guard result == 0 else { return nil }
    return SocketEndpoint(storage)
  }

  /// An endpoint from a `sockaddr_in` or `sockaddr_in6`.
  init?(_ storage: sockaddr_storage) {
    var storage = storage
    switch Int32(storage.ss_family) {
    case AF_INET:
      let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
      self.init(
        address: withUnsafeBytes(of: address.sin_addr) { Array($0) },
        port: UInt16(bigEndian: address.sin_port))
    case AF_INET6:
      let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
      self.init(
        address: withUnsafeBytes(of: address.sin6_addr) { Array($0) },
        port: UInt16(bigEndian: address.sin6_port))
    default:
      return nil
    }
  }
}
