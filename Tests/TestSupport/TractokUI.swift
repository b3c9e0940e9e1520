import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The full-screen `tractok` in its own tmux session with a private `TRACTOK_HOME`, started by a
/// small shell wrapper that records `stty -g` before and after the run, the process id and the
/// exit status, while tmux records every byte the program writes to the terminal.
public final class TractokUI: @unchecked Sendable {
  /// Holds the home and the wrapper's files; removed with this value unless passed in.
  public let directory: TemporaryDirectory
  public let environment: [String: String]
  public let tmux: TmuxSession

  /// The data directory the UI and `run` use.
  public var home: String { directory.file("home") }
  /// Everything the program wrote to the terminal, escape sequences included.
  public var outputPath: String { directory.file("output.raw") }

  /// Starts `tractok arguments` in a `width`x`height` pane on `directory`'s home (seed it
  /// first to start with data). Output is recorded from the first byte.
  public init(
    directory: TemporaryDirectory = TemporaryDirectory("tractok-ui"), width: Int = 100,
    height: Int = 30, arguments: [String] = [], environment extra: [String: String] = [:]
  ) throws {
    self.directory = directory
    // The default redirect URI has a `*` port: tests running side by side never fight over one.
    environment = TractokBinary.environment(home: directory.file("home"), extra: extra)
    let file = { (name: String) in TmuxSession.quote(directory.file(name)) }
    let program = ([TractokBinary.path] + arguments).map(TmuxSession.quote)
      .joined(separator: " ")
    // `read` holds the program back until tmux records the pane, so the first frame is kept.
    let command = [
      "stty -g > \(file("stty-before"))", "read go",
      "sh -c \(TmuxSession.quote("echo $$ > \(file("pid")); exec \"$0\" \"$@\"")) \(program)",
      "echo $? > \(file("status.tmp"))", "stty -g > \(file("stty-after"))",
      "mv \(file("status.tmp")) \(file("status"))",
    ].joined(separator: "; ")
    tmux = try TmuxSession(command: command, environment: environment, width: width, height: height)
    try tmux.record(to: outputPath)
    try tmux.send("Enter")
  }

  /// Runs a `tractok` command on the same home (another process, as a script would).
  public func run(_ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
    try TractokBinary.run(arguments, environment: environment, stdin: stdin)
  }

  /// The process id of `tractok`, once it started.
  public func pid(timeout: TimeInterval = 15) -> Int32? {
    var pid: Int32?
    _ = eventually(timeout: timeout) {
      pid = read("pid").flatMap { Int32($0) }
      return pid != nil
    }
    return pid
  }

  /// Sends `signal` to `tractok`.
  public func signal(_ number: Int32) throws {
    guard let pid = pid() else { throw TractokUIError.notStarted }
    kill(pid, number)
  }

  /// Waits for `tractok` to exit and returns its status (nil if it did not exit in time).
  public func exitStatus(timeout: TimeInterval = 15) -> Int32? {
    var status: Int32?
    _ = eventually(timeout: timeout) {
      status = read("status").flatMap { Int32($0) }
      return status != nil
    }
    return status
  }

  /// Whether `tractok` has exited.
  public var hasExited: Bool { FileManager.default.fileExists(atPath: directory.file("status")) }

  /// `stty -g` of the pane's terminal before `tractok` started and after it ended.
  public var terminalModes: (before: String?, after: String?) {
    (read("stty-before"), read("stty-after"))
  }

  /// The raw bytes written to the terminal so far.
  public func output() -> [UInt8] {
    (FileManager.default.contents(atPath: outputPath)).map { Array($0) } ?? []
  }

  /// How many bytes the program has written to the terminal so far (cheap: no read).
  public var outputSize: Int {
    let attributes = try? FileManager.default.attributesOfItem(atPath: outputPath)
    return (attributes?[.size] as? NSNumber)?.intValue ?? 0
  }

  private func read(_ name: String) -> String? {
    guard let data = FileManager.default.contents(atPath: directory.file(name)) else { return nil }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }
}

public enum TractokUIError: Error {
  case notStarted
}
