import Foundation

/// Starts helper programs ($BROWSER, TRACTOK_NOTIFY_CMD) without tractok's secrets in their
/// environment, with no terminal I/O, and without waiting for them.
enum ChildProcess {
  /// The variables a child must not see (a token handed to a script by `tractok exec` too,
  /// should that script run tractok again).
  static let secretVariables = [
    "TIKTOK_CLIENT_SECRET", "TIKTOK_ENCRYPTION_KEY", "TIKTOK_ACCESS_TOKEN",
  ]

  /// Runs `executable` with `arguments` and `extra` variables, `input` on its standard input
  /// (a few KiB at most: it is written before this returns); nil when it could not start. A
  /// thread reaps it when it ends, so a slow program never holds tractok up.
  @discardableResult
  static func start(
    _ executable: String, _ arguments: [String], extra: [String: String] = [:], input: Data? = nil
  ) -> Process? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var environment = ProcessEnvironment.read()
    for name in secretVariables { environment[name] = nil }
    process.environment = environment.merging(extra) { $1 }
    let feed = input.map { _ in Pipe() }
    process.standardInput = feed ?? FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    if let feed, let input {
      try? feed.fileHandleForWriting.write(contentsOf: input)
      try? feed.fileHandleForWriting.close()
    }
    Thread { process.waitUntilExit() }.start()
    return process
  }
}
