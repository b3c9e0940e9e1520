import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Stops random processes of a storm with `SIGSTOP` (a shell loop together with the `tractok`
/// it is running) and resumes them with `SIGCONT` a random moment later, from two threads,
/// until `finish()`: the user's Ctrl-Z, at every point of a refresh.
final class RandomStopper: Sendable {
  private let pids: [pid_t]
  private let running = Mutex(true)
  private let stops = Mutex(0)
  private let done = DispatchGroup()

  init(_ pids: [pid_t]) {
    self.pids = pids
    for _ in 0..<2 {
      done.enter()
      let thread = Thread { [self] in
        loop()
        done.leave()
      }
      thread.start()
    }
  }

  /// Ends the stops, resumes every process, and says how many stops there were.
  func finish() -> Int {
    running.withLock { $0 = false }
    done.wait()
    for pid in pids { kill(pid, SIGCONT) }
    return stops.withLock { $0 }
  }

  private func loop() {
    while running.withLock({ $0 }), let pid = pids.randomElement() {
      let family = Self.family(of: pid)
      // The parent first, so a shell does not start its next command meanwhile.
      for member in family { kill(member, SIGSTOP) }
      stops.withLock { $0 += 1 }
      Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.2))
      for member in family.reversed() { kill(member, SIGCONT) }
      Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4))
    }
  }

  /// `pid` and its descendants, parents first, from the parent pids in `/proc/*/stat`
  /// (field 4): a command substitution may run `tractok` in a subshell's child.
  static func family(of pid: pid_t) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    let parents = entries.compactMap { name -> (pid_t, pid_t)? in
      guard let child = pid_t(name),
        let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
      else { return nil }
      let fields = stat[stat.index(after: close)...].split(separator: " ")
      guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
      return (child, parent)
    }
    var family = [pid]
    var index = 0
    while index < family.count {
      let parent = family[index]
      family += parents.filter { $0.1 == parent }.map(\.0)
      index += 1
    }
    return family
  }
}
