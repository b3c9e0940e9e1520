import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A running `tractok` (or another program: `executable`) whose output is read while it runs
/// and whose input is written on demand.
public final class InteractiveProcess: @unchecked Sendable {
  public let process = Process()
  private let input = Pipe()
  private let lock = NSLock()
  private var stdoutText = ""
  private var stderrText = ""
  private let drained = DispatchGroup()

  public init(
    _ arguments: [String], environment: [String: String], executable: String = TractokBinary.path
  ) throws {
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    for (pipe, isOut) in [(out, true), (err, false)] {
      drained.enter()
      let handle = pipe.fileHandleForReading
      Thread {
        while true {
          let data = handle.availableData
          if data.isEmpty { break }
          self.append(String(decoding: data, as: UTF8.self), isOut: isOut)
        }
        self.drained.leave()
      }.start()
    }
  }

  private func append(_ text: String, isOut: Bool) {
    lock.lock()
    defer { lock.unlock() }
    if isOut { stdoutText += text } else { stderrText += text }
  }

  public var stdout: String {
    lock.lock()
    defer { lock.unlock() }
    return stdoutText
  }

  public var stderr: String {
    lock.lock()
    defer { lock.unlock() }
    return stderrText
  }

  /// Waits until standard output contains `text`.
  public func waitForOutput(_ text: String, timeout: TimeInterval = 15) -> Bool {
    eventually(timeout: timeout) { stdout.contains(text) }
  }

  /// Writes a line to standard input.
  public func writeLine(_ line: String) {
    input.fileHandleForWriting.write(Data((line + "\n").utf8))
  }

  /// Closes standard input (end of file).
  public func closeInput() { try? input.fileHandleForWriting.close() }

  /// Sends a signal.
  public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

  /// Waits for exit (SIGKILL after `timeout`) and returns the exit status.
  @discardableResult
  public func wait(timeout: TimeInterval = 30) -> Int32 {
    if !eventually(timeout: timeout, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    drained.wait()
    return process.terminationStatus
  }
}
