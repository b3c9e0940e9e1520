import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to completion with `posix_spawn` and `waitpid`, for programs that leave a
/// daemon behind (tmux starts its server from the first command).
///
/// Foundation's `Process` learns that a child ended when a socket it hands the child closes; a
/// daemon the child forks keeps that socket open, so `waitUntilExit` never returns. Here the
/// child gets only its standard descriptors (the daemon holds none of the test's pipes either),
/// no blocked signals and default signal actions.
public enum Spawn {
  /// What the program wrote to standard output and how it exited.
  public struct Result: Sendable {
    public let status: Int32
    public let output: String
  }

  /// Runs `path arguments` with standard input and error on /dev/null.
  public static func run(_ path: String, _ arguments: [String]) throws -> Result {
    var pipe: [Int32] = [-1, -1]
    guard Glibc.pipe(&pipe) == 0 else { throw SpawnError.pipe(errno) }
    // Other children started meanwhile must not hold the write end open.
    for descriptor in pipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    defer { close(pipe[0]) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    closeOthers(&actions)
    // The calling thread may block signals (dispatch's threads block them all) and the runtime
    // ignores some; a child inherits both, and tmux's server then never sees SIGCHLD.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
    close(pipe[1])
    guard spawned == 0 else { throw SpawnError.spawn(spawned) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = read(pipe[0], &chunk, chunk.count)
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      output += chunk[0..<count]
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Result(status: exit, output: String(decoding: output, as: UTF8.self))
  }

  private typealias CloseFrom =
    @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32
    ) -> Int32

  /// Closes every descriptor above 2 in the child (`posix_spawn_file_actions_addclosefrom_np`,
  /// glibc 2.34, which Swift's Glibc module does not export; found at run time).
  private static func closeOthers(_ actions: inout posix_spawn_file_actions_t) {
    let name = "posix_spawn_file_actions_addclosefrom_np"
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return }
    let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
    _ = closeFrom(&actions, 3)
  }
}

public enum SpawnError: Error {
  case pipe(Int32)
  case spawn(Int32)
}
