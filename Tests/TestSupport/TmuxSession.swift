import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A detached tmux session running a command, driven like a user: keys in, screen text out.
/// Each session has its own tmux server socket so tests never see each other's panes.
public final class TmuxSession: @unchecked Sendable {
  public let name: String
  private let socket: String

  /// Starts `command` (a shell command line) in a `width`x`height` pane with exactly
  /// `environment` (nothing of the test runner's or tmux's own, such as DISPLAY, leaks in).
  public init(command: String, environment: [String: String], width: Int = 80, height: Int = 24)
    throws
  {
    name = "tk\(UUID().uuidString.prefix(8))"
    socket = "\(FileManager.default.temporaryDirectory.path)/\(name).sock"
    let variables = environment.map { Self.quote("\($0.key)=\($0.value)") }.joined(separator: " ")
    let script = "\(command); echo; echo '[exited '$?']'; sleep 600"
    try tmux([
      "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
      "env -i \(variables) sh -c \(Self.quote(script))",
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
  public func screenWithAttributes() throws -> String {
    try tmux(["capture-pane", "-p", "-e", "-t", name])
  }

  /// Resizes the window.
  public func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
  }

  /// Resizes the window to each size in turn, `batch` resizes per tmux call (a storm of
  /// SIGWINCHes faster than one process per size could send them).
  public func resize(through sizes: [(width: Int, height: Int)], batch: Int = 25) throws {
    var start = 0
    while start < sizes.count {
      let chunk = sizes[start..<min(start + batch, sizes.count)]
      var arguments: [String] = []
      for size in chunk {
        if !arguments.isEmpty { arguments.append(";") }
        arguments += ["resize-window", "-t", name, "-x", "\(size.width)", "-y", "\(size.height)"]
      }
      try tmux(arguments)
      start += batch
    }
  }

  /// A tmux format of the pane, such as `#{alternate_on}` or `#{cursor_flag}`.
  public func format(_ format: String) throws -> String {
    try tmux(["display-message", "-p", "-t", name, format])
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Appends every byte the pane's program writes to the terminal to `path` (`pipe-pane`), so
  /// tests can scan the raw output, escape sequences included.
  public func record(to path: String) throws {
    try tmux(["pipe-pane", "-o", "-t", name, "cat >> \(Self.quote(path))"])
  }

  /// Clicks the left button on the cell at `x`, `y` (from 0), reported as xterm's SGR mouse
  /// mode does (press, then release); the program must have turned mouse reporting on.
  public func click(x: Int, y: Int) throws {
    for end in ["M", "m"] { try type("\u{1B}[<0;\(x + 1);\(y + 1)\(end)") }
  }

  /// The pid of the process in the pane (the shell that runs the command).
  public func panePID() throws -> Int32 {
    Int32(
      try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(
        in: .whitespacesAndNewlines)) ?? -1
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

  /// Waits until the screen contains every one of `texts` at once. A capture can catch a frame
  /// half drawn, so a test waits for all it needs (include text the frame draws last, such as
  /// the footer, before asserting that something is absent).
  @discardableResult
  public func waitFor(all texts: [String], timeout: TimeInterval = 15) -> (
    found: Bool, screen: String
  ) {
    waitUntil(timeout: timeout) { screen in texts.allSatisfy { screen.contains($0) } }
  }

  /// Waits until `predicate` holds for the screen.
  @discardableResult
  public func waitUntil(timeout: TimeInterval = 15, _ predicate: (String) -> Bool) -> (
    found: Bool, screen: String
  ) {
    var last = ""
    let found = eventually(timeout: timeout, every: 0.05) {
      last = (try? screen()) ?? ""
      return predicate(last)
    }
    return (found, last)
  }

  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    // Not Foundation's Process: the server tmux forks would keep its wait from ever ending.
    try Spawn.run("/usr/bin/tmux", ["-S", socket, "-f", "/dev/null"] + arguments).output
  }

  static func quote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
