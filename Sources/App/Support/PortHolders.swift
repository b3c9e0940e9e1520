import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Finds who holds a loopback port the callback listener could not bind. The kernel's socket
/// tables say whose socket it is; another user's is left at that. For the user's own, the
/// `/proc/PID/fd` links name the process, or, when it hides them (a tractok is not dumpable),
/// the port is asked: tractok's loopback servers name their pid to their own user.
enum PortHolders {
  /// Who listens where a bind of `interface`'s address and `port` collided; nil when nobody
  /// does any more.
  static func find(_ interface: LoopbackInterface, port: Int) -> PortHolder? {
    guard
      let socket = PortHolder.listener(
        on: interface, port: port, in: ProcNetTCP.currentEntries())
    else { return nil }
    guard socket.uid == geteuid() else { return .otherUser }
    guard let pid = process(holding: socket.inode) ?? askPid(interface, port: port),
      let command = command(of: pid)
    else { return .ownUnnamed }
    return .own(pid: pid, command: command)
  }

  /// `problem`'s explanation, naming what holds the port.
  static func explain(_ problem: ListenerProblem) -> String {
    guard case .inUse(let interface, let port) = problem else {
      return problem.explanation(holder: nil)
    }
    return problem.explanation(holder: find(interface, port: port))
  }

  /// The process with a descriptor for socket `inode`, among those whose descriptors this
  /// user may read.
  static func process(holding inode: UInt64) -> Int32? {
    let files = FileManager.default
    let pids = ((try? files.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    for pid in pids {
      let directory = "/proc/\(pid)/fd"
      guard let descriptors = try? files.contentsOfDirectory(atPath: directory) else { continue }
      for descriptor in descriptors {
        let link = try? files.destinationOfSymbolicLink(atPath: "\(directory)/\(descriptor)")
        if link.flatMap(PortHolder.socketInode) == inode { return pid }
      }
    }
    return nil
  }

  /// A process's command name (`/proc/PID/comm`); nil when it is gone.
  static func command(of pid: Int32) -> String? {
    FileIO.readText("/proc/\(pid)/comm")?.trimmingWhitespace()
  }

  /// Sends one request to the port and reads the pid a tractok answers with (within a second;
  /// any other program answers without one, or not at all).
  static func askPid(_ interface: LoopbackInterface, port: Int) -> Int32? {
    guard let fd = interface.connect(port: port, timeout: 1) else { return nil }
    defer { close(fd) }
    let host = interface == .ipv4 ? "127.0.0.1" : "[::1]"
    let request = Array("GET / HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
    guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return nil }
    let end = Array("\r\n\r\n".utf8)
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while received.count < 16384, received.firstRange(of: end) == nil {
      let count = recv(fd, &chunk, chunk.count, 0)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      received += chunk[0..<count]
    }
    let head = received[..<(received.firstRange(of: end)?.lowerBound ?? received.endIndex)]
    return PortHolder.pid(inResponseHead: String(decoding: head, as: UTF8.self))
  }
}
