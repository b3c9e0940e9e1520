import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Asks the kernel who owns one TCP socket, through sock_diag (netlink; what `ss` uses): the
/// socket is found by its four addresses at once, where `/proc/net/tcp` makes the kernel write
/// out every socket of the machine on each read (milliseconds, on every connection).
///
/// Messages are laid out by hand from `<linux/inet_diag.h>` and `<linux/netlink.h>`, which
/// Swift's Glibc module does not include: a 16-byte `nlmsghdr`, then `inet_diag_req_v2` (56
/// bytes) in a request and `inet_diag_msg` (72 bytes, `idiag_uid` at offset 64) in an answer.
final class SockDiag {
  /// What the kernel said about one socket.
  enum Answer: Equatable {
    case owner(UInt32)
    /// No such socket; also what a kernel without TCP support in sock_diag says.
    case missing
  }

  private static let netlinkSockDiag: Int32 = 4  // NETLINK_SOCK_DIAG
  private static let byFamily: UInt16 = 20  // SOCK_DIAG_BY_FAMILY
  private static let request: UInt16 = 1  // NLM_F_REQUEST
  private static let error: UInt16 = 2  // NLMSG_ERROR
  private static let headerSize = 16
  private static let uidOffset = 64
  private static let timeWait: UInt8 = 6  // TCP_TIME_WAIT
  private static let listening: UInt8 = 10  // TCP_LISTEN

  private let fd: Int32
  private var sequence: UInt32 = 0

  /// A sock_diag socket; nil where netlink is not available to this process.
  init?() {
    fd = socket(
      AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Self.netlinkSockDiag)
    guard fd >= 0 else { return nil }
    // The kernel answers at once; the timeout only keeps a broken answer from stalling.
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { close(fd) }

  /// The owner of the TCP socket whose own end is `local` and whose other end is `remote`.
  func owner(of local: SocketEndpoint, connectedTo remote: SocketEndpoint) -> Answer {
    sequence &+= 1
    let ipv4 = local.isIPv4Mapped && remote.isIPv4Mapped
    var message: [UInt8] = []
    message += Self.bytes(UInt32(Self.headerSize + 56))
    message += Self.bytes(Self.byFamily) + Self.bytes(Self.request)
    message += Self.bytes(sequence) + Self.bytes(UInt32(0))
    message += [UInt8(ipv4 ? AF_INET : AF_INET6), UInt8(IPPROTO_TCP), 0, 0]
    message += Self.bytes(UInt32.max)  // every TCP state
    message += Self.bytes(local.port.bigEndian) + Self.bytes(remote.port.bigEndian)
    for end in [local, remote] {
      message += ipv4 ? Array(end.address.suffix(4)) + Array(repeating: 0, count: 12) : end.address
    }
    message += Self.bytes(UInt32(0))  // any interface
    message += Self.bytes(UInt32.max) + Self.bytes(UInt32.max)  // INET_DIAG_NOCOOKIE
    guard message.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == message.count
    else { return .missing }
    var reply = [UInt8](repeating: 0, count: 8192)
    while true {
      let count = recv(fd, &reply, reply.count, 0)
      if count < 0 && errno == EINTR { continue }
      guard count >= Self.headerSize else { return .missing }
      let type = Self.word(UInt16.self, reply, at: 4)
      // An answer to an earlier question that timed out is skipped.
      guard Self.word(UInt32.self, reply, at: 8) == sequence else { continue }
      guard type != Self.error, count >= Self.headerSize + Self.uidOffset + 4 else {
        return .missing
      }
      // As in `ProcNetTCP`: a time-wait socket belongs to no process (the kernel reports uid
      // 0 for it), and a lookup by the four addresses finds it whatever the states asked for.
      let state = reply[Self.headerSize + 1]  // idiag_state
      guard state != Self.timeWait, state != Self.listening else { return .missing }
      return .owner(Self.word(UInt32.self, reply, at: Self.headerSize + Self.uidOffset))
    }
  }

  private static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value) { Array($0) }
  }

  private static func word<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int)
    -> T
  {
    bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
  }
}
