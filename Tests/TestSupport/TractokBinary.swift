import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String
  /// True when it was killed because it ran past its timeout.
  public let timedOut: Bool
}

/// Runs the built `tractok` binary (next to the test bundle, or `TRACTOK_BIN`).
public enum TractokBinary {
  /// The path of the binary under test.
  public static var path: String {
    if let override = ProcessInfo.processInfo.environment["TRACTOK_BIN"] { return override }
    return built("tractok")
  }

  /// The path of a program this package builds (`tractok`, `LocalPeer`), next to the tests.
  public static func built(_ name: String) -> String {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = runner.deletingLastPathComponent()
    // On Linux the runner is `<bin>/tractokPackageTests.xctest`; elsewhere a bundle inside <bin>.
    while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(name).path),
      directory.path != "/"
    {
      directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent(name).path
  }

  /// A minimal environment for a test run: a private home and no inherited TikTok settings.
  public static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
    var environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": home, "TRACTOK_HOME": home, "LANG": "C.UTF-8", "TERM": "xterm-256color",
    ]
    environment.merge(extra) { $1 }
    return environment
  }

  /// The environment that points tractok at a sandbox on `baseURL` as if it were TikTok: with
  /// credentials set it starts no sandbox of its own.
  public static func environment(
    home: String, tikTok baseURL: String, clientKey: String, clientSecret: String,
    extra: [String: String] = [:]
  ) -> [String: String] {
    let tikTok = [
      "TIKTOK_CLIENT_KEY": clientKey, "TIKTOK_CLIENT_SECRET": clientSecret,
      "TIKTOK_AUTH_BASE_URL": baseURL, "TIKTOK_API_BASE_URL": baseURL,
      "TIKTOK_REDIRECT_URI": "http://127.0.0.1:*/callback/",
    ]
    return environment(home: home, extra: tikTok.merging(extra) { $1 })
  }

  /// Runs `tractok arguments` (or `executable arguments`) to completion (or until `timeout`,
  /// then SIGKILL).
  public static func run(
    _ arguments: [String], environment: [String: String], stdin: String? = nil, timeout: TimeInterval = 30,
    executable: String = path
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let collected = Collector()
    let group = DispatchGroup()
    for (pipe, isOut) in [(out, true), (err, false)] {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        collected.store(data, isOut: isOut)
        group.leave()
      }
    }
    var timedOut = false
    if group.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
      group.wait()
    }
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, stdout: collected.text(isOut: true),
      stderr: collected.text(isOut: false), timedOut: timedOut)
  }

  /// Starts `tractok arguments` in the background; the caller stops it.
  public static func start(_ arguments: [String], environment: [String: String]) throws -> Process {
    try start(executable: path, arguments, environment: environment)
  }

  /// Starts any program in the background, output discarded (e.g. `openssl s_server`).
  public static func start(
    executable: String, _ arguments: [String], environment: [String: String]? = nil
  ) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }
}

private final class Collector: @unchecked Sendable {
  private let lock = NSLock()
  private var out = Data()
  private var err = Data()

  func store(_ data: Data, isOut: Bool) {
    lock.lock()
    defer { lock.unlock() }
    if isOut { out = data } else { err = data }
  }

  func text(isOut: Bool) -> String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: isOut ? out : err, as: UTF8.self)
  }
}
