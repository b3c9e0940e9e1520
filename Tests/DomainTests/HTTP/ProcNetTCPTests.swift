import Domain
import Foundation
import Testing

/// Lines as an x86-64 (little-endian) Linux kernel writes `/proc/net/tcp` and `tcp6`: each
/// 32-bit word of an address is printed in the machine's byte order.
@Suite("Socket owners read from /proc/net/tcp and tcp6",
  .enabled(if: 1.littleEndian == 1, "the sample lines are a little-endian kernel's"))
struct ProcNetTCPTests {
  static func endpoint(_ bytes: [UInt8], _ port: UInt16) -> SocketEndpoint {
    SocketEndpoint(address: bytes, port: port)!
  }

  static let loopback4: [UInt8] = [127, 0, 0, 1]
  static let loopback6: [UInt8] = Array(repeating: 0, count: 15) + [1]

  static let header =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"

  @Test(
    "a row gives both ends, the state and the owner",
    arguments: [
      (
        "   3: 0100007F:C350 0100007F:2213 01 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 20 4 30 10 -1",
        ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback4, 50000), ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback4, 8723), 0x01, 1000
      ),
      (
        "   0: 0100007F:2213 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 22889 1 000000001d2f92c4 100 0 0 10 0",
        ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback4, 8723), ProcNetTCPTests.endpoint([0, 0, 0, 0], 0), 0x0A, 0
      ),
      (
        "   1: 00000000000000000000000001000000:C350 00000000000000000000000001000000:2213 01 00000000:00000000 00:00000000 00000000 61002        0 99887 1 00000000bd7e681a 20 4 30 10 -1",
        ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback6, 50000), ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback6, 8723), 0x01, 61002
      ),
      (
        "   2: 0000000000000000FFFF00000100007F:C351 0000000000000000FFFF00000100007F:2213 01 00000000:00000000 00:00000000 00000000 61001        0 99888 1 00000000bd7e681b 20 4 30 10 -1",
        ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback4, 50001), ProcNetTCPTests.endpoint(ProcNetTCPTests.loopback4, 8723), 0x01, 61001
      ),
    ] as [(String, SocketEndpoint, SocketEndpoint, Int, Int)])
  func parsesRow(line: String, local: SocketEndpoint, remote: SocketEndpoint, state: Int, uid: Int)
  {
    let entries = ProcNetTCP.entries(in: Self.header + "\n" + line + "\n")
    #expect(entries.count == 1)
    #expect(entries.first?.local == local)
    #expect(entries.first?.remote == remote)
    #expect(entries.first.map { Int($0.state) } == state)
    #expect(entries.first.map { Int($0.uid) } == uid)
  }

  @Test("a row gives its socket's inode; a row without one is skipped")
  func parsesInode() {
    let row =
      "   0: 0100007F:2213 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22889 1 000000001d2f92c4 100 0 0 10 0"
    #expect(ProcNetTCP.entries(in: Self.header + "\n" + row).map(\.inode) == [22889])
    let head = "   0: 0100007F:2213 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0"
    #expect(ProcNetTCP.entries(in: head).isEmpty)
    #expect(ProcNetTCP.entries(in: head + " x1 1").isEmpty)
  }

  @Test(
    "malformed rows are skipped, not guessed at",
    arguments: [
      "   3: 0100007F:C350 0100007F:2213 01",
      "   3: 0100007G:C350 0100007F:2213 01 00000000:00000000 00:00000000 00000000  1000 0 1",
      "   3: 100007F:C350 0100007F:2213 01 00000000:00000000 00:00000000 00000000  1000 0 1",
      "   3: 0100007F:C3501 0100007F:2213 01 00000000:00000000 00:00000000 00000000  1000 0 1",
      "   3: 0100007F:C350 0100007F:2213 01 00000000:00000000 00:00000000 00000000  -1 0 1",
      "3 0100007F:C350 0100007F:2213 01 00000000:00000000 00:00000000 00000000  1000 0 1",
      "",
    ])
  func skipsMalformed(line: String) {
    #expect(ProcNetTCP.entries(in: line).isEmpty)
  }

  /// Our accepted socket (owned by 1000) and the peer's socket (owned by 61002) both appear;
  /// so do a listener and a time-wait row on the same addresses, owned by root.
  static let table = [
    header,
    "   0: 0100007F:2213 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22889 1 0 100 0 0 10 0",
    "   1: 0100007F:2213 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 22890 1 0 20 4 30 10 -1",
    "   2: 0100007F:C350 0100007F:2213 01 00000000:00000000 00:00000000 00000000 61002        0 22891 1 0 20 4 30 10 -1",
    "   3: 0100007F:C351 0100007F:2213 06 00000000:00000000 03:00000f9b 00000000     0        0 0 3 0",
  ].joined(separator: "\n")

  @Test("the owner is the row whose local end is the peer and whose remote end is us")
  func ownerOfPeer() {
    let us = Self.endpoint(Self.loopback4, 8723)
    #expect(ProcNetTCP.owner(of: Self.endpoint(Self.loopback4, 50000), connectedTo: us, inTable: Self.table) == 61002)
    // Looking it up the wrong way round would find our own socket.
    #expect(ProcNetTCP.owner(of: us, connectedTo: Self.endpoint(Self.loopback4, 50000), inTable: Self.table) == 1000)
  }

  @Test("a peer with no live row (gone, time-wait, or another port) has no owner")
  func noOwner() {
    let us = Self.endpoint(Self.loopback4, 8723)
    for port: UInt16 in [50001, 50002] {
      #expect(ProcNetTCP.owner(of: Self.endpoint(Self.loopback4, port), connectedTo: us, inTable: Self.table) == nil)
    }
    #expect(ProcNetTCP.owner(of: Self.endpoint(Self.loopback6, 50000), connectedTo: us, inTable: Self.table) == nil)
    // Our own listener's row (local 8723, remote 0:0) is no peer's either.
    #expect(ProcNetTCP.owner(of: us, connectedTo: Self.endpoint([0, 0, 0, 0], 0), inTable: Self.table) == nil)
  }

  /// The same connections as `tcp6` shows them: from a dual-stack socket to 127.0.0.1 (a
  /// mapped address) and over ::1.
  static let table6 = [
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "   0: 0000000000000000FFFF00000100007F:C352 0000000000000000FFFF00000100007F:2213 01 00000000:00000000 00:00000000 00000000 61003        0 99887 1 0 20 4 30 10 -1",
    "   1: 00000000000000000000000001000000:C353 00000000000000000000000001000000:2213 01 00000000:00000000 00:00000000 00000000 61004        0 99888 1 0 20 4 30 10 -1",
  ].joined(separator: "\n")

  @Test("a peer on IPv6, or a dual-stack peer reaching 127.0.0.1, is found in the tcp6 table")
  func ownerInTCP6() {
    #expect(
      ProcNetTCP.owner(
        of: Self.endpoint(Self.loopback4, 50002), connectedTo: Self.endpoint(Self.loopback4, 8723),
        inTable: Self.table6) == 61003)
    #expect(
      ProcNetTCP.owner(
        of: Self.endpoint(Self.loopback6, 50003), connectedTo: Self.endpoint(Self.loopback6, 8723),
        inTable: Self.table6) == 61004)
  }

  @Test("an address that is neither 4 nor 16 bytes is no endpoint")
  func badAddress() {
    #expect(SocketEndpoint(address: [1, 2, 3], port: 1) == nil)
  }
}
