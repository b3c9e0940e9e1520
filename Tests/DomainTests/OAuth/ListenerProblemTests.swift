import Domain
import Testing

@Suite("What the user is told when the callback listener cannot bind its port")
struct ListenerProblemTests {
  @Test(
    "the reason names the port and, for the user's own process, its name and pid",
    arguments: [
      (
        ListenerProblem.inUse(.ipv4, port: 8723), PortHolder.own(pid: 4242, command: "tractok"),
        "port 8723 is held by your tractok (pid 4242)"
      ),
      (.inUse(.ipv6, port: 8723), .otherUser, "port 8723 on ::1 is taken by another user"),
      (.inUse(.ipv4, port: 9000), .otherUser, "port 9000 is taken by another user"),
      (.inUse(.ipv4, port: 8723), .ownUnnamed, "port 8723 is held by another program of yours"),
      (.inUse(.ipv4, port: 8723), nil, "port 8723 is already in use"),
      (.failed("no port is free"), nil, "the callback listener could not start: no port is free"),
    ] as [(ListenerProblem, PortHolder?, String)])
  func reasons(_ problem: ListenerProblem, _ holder: PortHolder?, _ expected: String) {
    #expect(problem.reason(holder: holder) == expected)
  }

  @Test("another user's process is never named")
  func otherUserUnnamed() {
    let text = ListenerProblem.inUse(.ipv4, port: 8723).explanation(holder: .otherUser)
    #expect(!text.contains("pid"))
    #expect(!text.contains("your"))
  }

  @Test("a taken port points at the wildcard redirect URI; ::1 adds that 127.0.0.1 needs none")
  func remedies() {
    let ipv4 = ListenerProblem.inUse(.ipv4, port: 8723).explanation(holder: nil)
    #expect(
      ipv4.hasPrefix("The browser cannot come back to this tractok: port 8723 is already in use."))
    #expect(ipv4.contains("register http://127.0.0.1:*/callback/ at TikTok"))
    #expect(!ipv4.contains("::1"))
    #expect(ListenerProblem.inUse(.ipv6, port: 8723).remedy?.contains("needs no ::1") == true)
    #expect(ListenerProblem.failed("x").remedy == nil)
    #expect(ListenerProblem.failed("x").explanation(holder: nil).hasSuffix("could not start: x."))
  }

  @Test("a process name with escape sequences reaches the terminal sanitised")
  func hostileCommand() {
    let reason = ListenerProblem.inUse(.ipv4, port: 8723).reason(
      holder: .own(pid: 7, command: "evil\u{1B}]52;c;Zm9v\u{7}\u{1B}[2J"))
    #expect(!reason.unicodeScalars.contains { $0.value < 0x20 })
    #expect(reason.contains("(pid 7)"))
  }
}
