import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Who owns the other end of a loopback connection, read from Linux's socket tables
/// (`/proc/net/tcp` and `/proc/net/tcp6`).
///
/// Both ends of a loopback connection are sockets of this machine, so each has a row: the
/// peer's row has the peer's address as its local end and ours as its remote end, and its
/// `uid` column names the user whose process made it. An `ssh -L` forward arrives from the
/// user's own sshd process, so it carries the user's uid.
public enum ProcNetTCP {
  /// One row of a table: a socket's two ends, its TCP state and the uid that owns it.
  public struct Entry: Equatable, Sendable {
    public let local: SocketEndpoint
    public let remote: SocketEndpoint
    /// The kernel's state number (`01` established, `06` time-wait, `0A` listening).
    public let state: UInt8
    public let uid: UInt32
  }

  static let tables = ["/proc/net/tcp", "/proc/net/tcp6"]

  /// The rows of a table's text; the header line and malformed rows are skipped.
  public static func entries(in text: String) -> [Entry] {
    text.split(separator: "\n").compactMap(entry)
  }

  /// The owner of the socket at `peer` connected to `local`, among `entries`. Listening and
  /// time-wait rows belong to no process (the kernel shows uid 0 for the latter) and never
  /// match.
  public static func owner(
    of peer: SocketEndpoint, connectedTo local: SocketEndpoint, in entries: [Entry]
  ) -> UInt32? {
    entries.first { $0.local == peer && $0.remote == local && $0.state != 0x06 && $0.state != 0x0A }?
      .uid
  }

  /// Looks `peer` up in this machine's tables; nil when no row matches (the caller refuses).
  static func owner(of peer: SocketEndpoint, connectedTo local: SocketEndpoint) -> UInt32? {
    for table in tables {
      guard let text = read(table) else { continue }
      if let uid = owner(of: peer, connectedTo: local, in: entries(in: text)) { return uid }
    }
    return nil
  }

  /// `   3: 0100007F:2213 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000 ...`
  static func entry(_ line: Substring) -> Entry? {
    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
    guard fields.count > 7, fields[0].hasSuffix(":"), let local = endpoint(fields[1]),
      let remote = endpoint(fields[2]), let state = UInt8(fields[3], radix: 16),
      let uid = UInt32(fields[7])
    else { return nil }
    return Entry(local: local, remote: remote, state: state, uid: uid)
  }

  /// `0100007F:2213` (IPv4) or 32 hex digits and a port (IPv6). The kernel prints the address
  /// as 32-bit words in the machine's own byte order, so each word is turned back into the
  /// bytes it was in memory; the port is printed as a plain number.
  static func endpoint(_ field: Substring) -> SocketEndpoint? {
    let parts = field.split(separator: ":")
    guard parts.count == 2, parts[0].count == 8 || parts[0].count == 32, parts[1].count == 4,
      let port = UInt16(parts[1], radix: 16)
    else { return nil }
    var bytes: [UInt8] = []
    var index = parts[0].startIndex
    while index < parts[0].endIndex {
      let next = parts[0].index(index, offsetBy: 8)
      guard let word = UInt32(parts[0][index..<next], radix: 16) else { return nil }
      withUnsafeBytes(of: word) { bytes.append(contentsOf: $0) }
      index = next
    }
    return SocketEndpoint(address: bytes, port: port)
  }

  /// Reads a file whose size the kernel reports as 0 (a `/proc` table) to its end.
  private static func read(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = Glibc.read(fd, &chunk, chunk.count)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      data.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: data, as: UTF8.self)
  }
}
