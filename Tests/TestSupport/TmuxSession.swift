import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A detached tmux session running a command, driven like a user: keys in, screen text out.
/// Each session has its own tmux server socket so tests never see each other's panes.
public final class TmuxSession: @unchecked Sendable {
  public let name: String
  private let socket: String

  /// Starts `command` (a shell command line) in a `width`x`height` pane with `environment`.
  public init(command: String, environment: [String: String], width: Int = 80, height: Int = 24) throws {
    name = "tk\(UUID().uuidString.prefix(8))"
    socket = "\(FileManager.default.temporaryDirectory.path)/\(name).sock"
    let exports = environment.map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
    try tmux([
      "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
      "sh -c \(Self.quote("\(exports) \(command); echo; echo '[exited '$?']'; sleep 600"))",
    ])
    try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
  }

  deinit {
    // tmux inherits the test thread's blocked signals, so `kill-server` (a SIGTERM it sends
    // itself) may never land: end the server by its pid too; its panes then get SIGHUP.
    let reply = try? tmux(["display-message", "-p", "-t", name, "#{pid}"])
    let pid = reply.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    _ = try? tmux(["kill-server"])
    if let pid, pid > 0 { kill(pid, SIGKILL) }
    try? FileManager.default.removeItem(atPath: socket)
  }

  /// Sends keys as tmux names them (`Enter`, `Escape`, `C-c`, `Down`) or literal text.
  public func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

  /// Sends text literally (no key-name lookup).
  public func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

  /// The visible screen as text rows.
  public func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

  /// The visible screen with escape sequences for colours and attributes (`capture-pane -e`).
  public func screenWithAttributes() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", name]) }

  /// Resizes the window.
  public func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
  }

  /// The pid of the process in the pane (the shell that runs the command).
  public func panePID() throws -> Int32 {
    Int32(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  /// Waits until the screen contains `text`; returns the last screen seen either way.
  @discardableResult
  public func waitFor(_ text: String, timeout: TimeInterval = 15) -> (found: Bool, screen: String) {
    var last = ""
    let found = eventually(timeout: timeout, every: 0.05) {
      last = (try? screen()) ?? ""
      return last.contains(text)
    }
    return (found, last)
  }

  /// Waits until `predicate` holds for the screen.
  @discardableResult
  public func waitUntil(timeout: TimeInterval = 15, _ predicate: (String) -> Bool) -> (found: Bool, screen: String) {
    var last = ""
    let found = eventually(timeout: timeout, every: 0.05) {
      last = (try? screen()) ?? ""
      return predicate(last)
    }
    return (found, last)
  }

  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
    process.arguments = ["-S", socket, "-f", "/dev/null"] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    // Not `waitUntilExit`: Foundation sees a child end when a socket it passed down closes, and
    // the tmux server that `new-session` forks keeps that socket, so it would wait forever.
    var status: Int32 = 0
    _ = waitpid(process.processIdentifier, &status, 0)
    return String(decoding: data, as: UTF8.self)
  }

  static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
