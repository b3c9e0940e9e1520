import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Who owns the other end of a loopback connection, read from Linux's socket tables
/// (`/proc/net/tcp` and `/proc/net/tcp6`): the way that always works, used where sock_diag
/// (`SockDiag`, much faster) cannot answer for TCP.
///
/// Both ends of a loopback connection are sockets of this machine, so each has a row: the
/// peer's row has the peer's address as its local end and ours as its remote end, and its
/// `uid` column names the user whose process made it. An `ssh -L` forward arrives from the
/// user's own sshd process, so it carries the user's uid.
public enum ProcNetTCP {
  /// One row of a table: a socket's two ends, its TCP state, the uid that owns it and its
  /// inode (what `/proc/PID/fd` links of the processes holding it name: `socket:[INODE]`).
  public struct Entry: Equatable, Sendable {
    public let local: SocketEndpoint
    public let remote: SocketEndpoint
    /// The kernel's state number (`01` established, `06` time-wait, `0A` listening).
    public let state: UInt8
    public let uid: UInt32
    public let inode: UInt64

    /// The kernel's state number of a listening socket.
    public static let listening: UInt8 = 0x0A
  }

  static let tables = ["/proc/net/tcp", "/proc/net/tcp6"]

  /// The rows of a table's text; the header line and malformed rows are skipped.
  public static func entries(in text: String) -> [Entry] {
    text.split(separator: "\n").compactMap(entry)
  }

  /// The owner of the socket at `peer` connected to `local`, from a table's text. The row is
  /// found by searching for its two addresses as the kernel writes them, not by parsing every
  /// row: a listener flooded with connections looks many peers up at once. Listening and
  /// time-wait rows belong to no process (the kernel shows uid 0 for the latter) and never
  /// match.
  public static func owner(
    of peer: SocketEndpoint, connectedTo local: SocketEndpoint, inTable text: String
  ) -> UInt32? {
    owner(of: peer, connectedTo: local, inTable: Array(text.utf8CString))
  }

  /// The same, on a table's bytes ending in a NUL, as read from the kernel.
  static func owner(
    of peer: SocketEndpoint, connectedTo local: SocketEndpoint, inTable bytes: [CChar]
  )
    -> UInt32?
  {
    for needle in needles(peer, local) {
      var offset = 0
      while let found = find(needle, in: bytes, from: offset) {
        offset = found + 1
        let start = bytes[..<found].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let end = bytes[found...].firstIndex { $0 == 0x0A || $0 == 0 } ?? bytes.count
        let line = String(decoding: bytes[start..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let entry = entry(Substring(line)), entry.local == peer, entry.remote == local,
          entry.state != 0x06, entry.state != Entry.listening
        else { continue }
        return entry.uid
      }
    }
    return nil
  }

  /// Looks each connection's peer up in this machine's tables, reading each table at most
  /// once (the kernel writes every table from scratch on each read, which costs milliseconds).
  /// nil where no row matches.
  static func owners(of connections: [(peer: SocketEndpoint, local: SocketEndpoint)]) -> [UInt32?] {
    var owners = [UInt32?](repeating: nil, count: connections.count)
    for table in tables where owners.contains(nil) {
      guard let bytes = read(table) else { continue }
      for (index, connection) in connections.enumerated() where owners[index] == nil {
        owners[index] = owner(of: connection.peer, connectedTo: connection.local, inTable: bytes)
      }
    }
    return owners
  }

  /// Every row of this machine's tables, each read whole (a table is written afresh on each
  /// read, and one reported as empty is still read to its end).
  public static func currentEntries() -> [Entry] {
    tables.compactMap(read).flatMap { bytes in
      let text = bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
      return entries(in: String(decoding: text, as: UTF8.self))
    }
  }

  /// ` PEER LOCAL ` in each form a table may hold them: IPv4 (`/proc/net/tcp`, when both are
  /// IPv4) and IPv6 (`tcp6`, IPv4 as mapped addresses).
  static func needles(_ peer: SocketEndpoint, _ local: SocketEndpoint) -> [String] {
    var forms = [32]
    if peer.isIPv4Mapped && local.isIPv4Mapped { forms.insert(8, at: 0) }
    return forms.map { digits in " \(hex(peer, digits)) \(hex(local, digits)) " }
  }

  /// `0100007F:2213`: the address's last `digits / 2` bytes as the kernel prints them (32-bit
  /// words in the machine's byte order), then the port.
  static func hex(_ endpoint: SocketEndpoint, _ digits: Int) -> String {
    let bytes = endpoint.address.suffix(digits / 2)
    var text = ""
    for start in stride(from: bytes.startIndex, to: bytes.endIndex, by: 4) {
      var word: UInt32 = 0
      withUnsafeMutableBytes(of: &word) { $0.copyBytes(from: bytes[start..<(start + 4)]) }
      text += padded(String(word, radix: 16, uppercase: true), 8)
    }
    return text + ":" + padded(String(endpoint.port, radix: 16, uppercase: true), 4)
  }

  private static func padded(_ text: String, _ width: Int) -> String {
    String(repeating: "0", count: max(0, width - text.count)) + text
  }

  /// The index of `needle` in the NUL-terminated `bytes` at or after `offset` (C's strstr).
  private static func find(_ needle: String, in bytes: [CChar], from offset: Int) -> Int? {
    guard offset < bytes.count else { return nil }
    return bytes.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress, let hit = strstr(base + offset, needle) else {
        return nil
      }
      return base.distance(to: hit)
    }
  }

  /// `   3: 0100007F:2213 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000 ...`
  static func entry(_ line: Substring) -> Entry? {
    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
    guard fields.count > 9, fields[0].hasSuffix(":"), let local = endpoint(fields[1]),
      let remote = endpoint(fields[2]), let state = UInt8(fields[3], radix: 16),
      let uid = UInt32(fields[7]), let inode = UInt64(fields[9])
    else { return nil }
    return Entry(local: local, remote: remote, state: state, uid: uid, inode: inode)
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

  /// Reads a file whose size the kernel reports as 0 (a `/proc` table) to its end, with a NUL
  /// after the last byte.
  private static func read(_ path: String) -> [CChar]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data = [CChar](repeating: 0, count: 65536)
    var used = 0
    while true {
      if data.count - used < 16384 { data += [CChar](repeating: 0, count: data.count) }
      let count = data.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return Glibc.read(fd, base + used, buffer.count - used - 1)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      used += count
    }
    data[used] = 0
    return data
  }
}
