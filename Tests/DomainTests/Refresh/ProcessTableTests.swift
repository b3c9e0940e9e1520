import Domain
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Processes named by pid and start time")
struct ProcessTableTests {
  /// A `/proc/PID/stat` line with `state` and start time `start` (field 22).
  static func stat(_ name: String, state: String, start: String) -> String {
    let middle = (4...21).map { String($0) }.joined(separator: " ")
    return "123 (\(name)) \(state) \(middle) \(start) 4096 12 18446744073709551615\n"
  }

  @Test(
    "a stat line gives the state and start time, whatever the command name holds",
    arguments: [
      (stat("tractok", state: "S", start: "98765"), ProcessState.running, UInt64(98765)),
      (stat("tractok", state: "R", start: "5"), .running, 5),
      (stat("trac tok) (x", state: "T", start: "42"), .stopped, 42),
      (stat("tractok", state: "t", start: "42"), .stopped, 42),
      (stat("tractok", state: "Z", start: "7"), .gone, 7),
    ])
  func parse(line: String, state: ProcessState, start: UInt64) throws {
    let parsed = try #require(SystemProcessTable.parse(stat: line))
    #expect(parsed.state == state)
    #expect(parsed.startTime == start)
  }

  @Test("a line without the fields is not understood", arguments: ["", "123 (x) S 1 2", "garbage"])
  func unreadable(line: String) {
    #expect(SystemProcessTable.parse(stat: line) == nil)
  }

  @Test("this process runs; the same pid with another start time is another process, gone")
  func current() {
    let table = SystemProcessTable()
    let me = table.current
    #expect(me.pid == getpid())
    #expect(me.startTime > 0)
    #expect(table.state(of: me) == .running)
    #expect(table.state(of: ProcessIdentity(pid: me.pid, startTime: me.startTime + 1)) == .gone)
  }

  @Test("a child stopped with SIGSTOP reads as stopped, and as gone once it has ended")
  func stoppedChild() throws {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/sleep")
    child.arguments = ["30"]
    try child.run()
    defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
    let table = SystemProcessTable()
    let identity = try #require(table.identity(of: child.processIdentifier))
    #expect(table.state(of: identity) == .running)
    kill(child.processIdentifier, SIGSTOP)
    #expect(eventuallyTrue { table.state(of: identity) == .stopped })
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    #expect(table.state(of: identity) == .gone)
  }

  private func eventuallyTrue(_ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
  }
}
