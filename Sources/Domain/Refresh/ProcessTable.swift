import Foundation

/// A running program, named by pid and start time so that a reused pid is not mistaken for it.
public struct ProcessIdentity: Equatable, Sendable {
  public var pid: Int32
  /// Clock ticks after boot at which the process started (field 22 of `/proc/PID/stat`).
  public var startTime: UInt64

  public init(pid: Int32, startTime: UInt64) {
    self.pid = pid
    self.startTime = startTime
  }
}

/// What became of a process.
public enum ProcessState: Equatable, Sendable {
  case running
  /// Stopped by a signal (`SIGSTOP`, Ctrl-Z) or a debugger: it may resume at any moment.
  case stopped
  /// It has ended (a zombie counts: it can send nothing more), or its pid now names another.
  case gone
}

/// Looks processes up: the system answers from `/proc`, tests script their own.
public protocol ProcessTable: Sendable {
  /// This process.
  var current: ProcessIdentity { get }
  func state(of process: ProcessIdentity) -> ProcessState
}

/// The processes of this machine, read from Linux's `/proc`.
public struct SystemProcessTable: ProcessTable {
  public init() {}

  public var current: ProcessIdentity {
    let pid = ProcessInfo.processInfo.processIdentifier
    return ProcessIdentity(pid: pid, startTime: Self.read(pid)?.startTime ?? 0)
  }

  /// The process `pid` names now, nil when there is none.
  public func identity(of pid: Int32) -> ProcessIdentity? {
    Self.read(pid).map { ProcessIdentity(pid: pid, startTime: $0.startTime) }
  }

  public func state(of process: ProcessIdentity) -> ProcessState {
    guard let stat = Self.read(process.pid), stat.startTime == process.startTime else {
      return .gone
    }
    return stat.state
  }

  /// State and start time of `pid`, nil when it has no `/proc` entry.
  static func read(_ pid: Int32) -> (state: ProcessState, startTime: UInt64)? {
    guard let text = FileIO.readText("/proc/\(pid)/stat") else {
      return nil
    }
    return parse(stat: text)
  }

  /// Reads a `/proc/PID/stat` line. The command name (field 2) may hold spaces and parentheses,
  /// so fields are counted from its last `)`: the state is field 3, the start time field 22.
  public static func parse(stat: String) -> (state: ProcessState, startTime: UInt64)? {
    guard let close = stat.lastIndex(of: ")") else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count >= 20, let code = fields[0].first, let start = UInt64(fields[19]) else {
      return nil
    }
    switch code {
    case "T", "t": return (.stopped, start)
    case "Z", "X", "x": return (.gone, start)
    default: return (.running, start)
    }
  }
}
