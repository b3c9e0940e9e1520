import Domain
import Testing

/// Rows as an x86-64 (little-endian) kernel writes `/proc/net/tcp` and `tcp6`.
@Suite(
  "Finding the socket that holds a port, and naming its process",
  .enabled(if: 1.littleEndian == 1, "the sample lines are a little-endian kernel's"))
struct PortHolderTests {
  static func row(_ local: String, _ remote: String, state: String, uid: Int, inode: Int) -> String
  {
    "   0: \(local) \(remote) \(state) 00000000:00000000 00:00000000 00000000 \(uid)        0 \(inode) 1 0000000000000000 100 0 0 10 0"
  }

  static let v4Any = "00000000:0000"
  static let v6Any = "00000000000000000000000000000000:0000"
  /// 127.0.0.1:8723 listening (uid 1000, inode 501); an established connection to it
  /// (inode 502); 0.0.0.0:9000 (503); [::1]:8723 (uid 61002, 504); [::]:7000 (505).
  static let entries = ProcNetTCP.entries(
    in: [
      row("0100007F:2213", v4Any, state: "0A", uid: 1000, inode: 501),
      row("0100007F:C350", "0100007F:2213", state: "01", uid: 1000, inode: 502),
      row("00000000:2328", v4Any, state: "0A", uid: 1001, inode: 503),
      row("00000000000000000000000001000000:2213", v6Any, state: "0A", uid: 61002, inode: 504),
      row("00000000000000000000000000000000:1B58", v6Any, state: "0A", uid: 1002, inode: 505),
    ].joined(separator: "\n"))

  @Test(
    "a bind collides with a listener on its own address or its family's wildcard",
    arguments: [
      (LoopbackInterface.ipv4, 8723, 501 as UInt64?), (.ipv6, 8723, 504), (.ipv4, 9000, 503),
      (.ipv6, 9000, nil), (.ipv4, 7000, 505), (.ipv6, 7000, 505), (.ipv4, 50000, nil),
    ] as [(LoopbackInterface, Int, UInt64?)])
  func collisions(_ interface: LoopbackInterface, _ port: Int, _ inode: UInt64?) {
    #expect(PortHolder.listener(on: interface, port: port, in: Self.entries)?.inode == inode)
  }

  @Test("the listener on the exact address comes before a wildcard one")
  func exactFirst() {
    let entries = ProcNetTCP.entries(
      in: [
        Self.row(
          "00000000000000000000000000000000:2213", Self.v6Any, state: "0A", uid: 1, inode: 9),
        Self.row("0100007F:2213", Self.v4Any, state: "0A", uid: 2, inode: 8),
      ].joined(separator: "\n"))
    #expect(PortHolder.listener(on: .ipv4, port: 8723, in: entries)?.uid == 2)
  }

  @Test(
    "a descriptor link names a socket's inode; anything else does not",
    arguments: [
      ("socket:[12345]", 12345 as UInt64?), ("pipe:[12345]", nil), ("socket:[]", nil),
      ("socket:[12x]", nil), ("/dev/null", nil), ("socket:[1] ", nil),
    ] as [(String, UInt64?)])
  func socketLinks(_ link: String, _ inode: UInt64?) {
    #expect(PortHolder.socketInode(link: link) == inode)
  }

  @Test(
    "a response head names the pid in Tractok-Pid, in any case; nothing else is taken for one",
    arguments: [
      ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTractok-Pid: 4242", 4242 as Int32?),
      ("HTTP/1.1 403 Forbidden\r\ntractok-pid:77\r\n", 77),
      ("HTTP/1.1 200 OK\r\nServer: other", nil),
      ("HTTP/1.1 200 OK\r\nTractok-Pid: -3", nil),
      ("HTTP/1.1 200 OK\r\nTractok-Pid: 12abc", nil),
      ("Tractok-Pid: 5\r\nServer: x", nil),
      ("", nil),
    ] as [(String, Int32?)])
  func pidHeader(_ head: String, _ pid: Int32?) {
    #expect(PortHolder.pid(inResponseHead: head) == pid)
  }

  @Test("the phrase names the user's own process, never another user's")
  func phrases() {
    #expect(PortHolder.own(pid: 4242, command: "tractok").phrase == "your tractok (pid 4242)")
    #expect(PortHolder.otherUser.phrase == "another user")
    #expect(PortHolder.ownUnnamed.phrase == "another program of yours")
  }
}
