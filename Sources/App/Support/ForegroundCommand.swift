import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program in the foreground for `tractok exec`: found on PATH, standard streams and the
/// terminal shared, its exit status handed back the way a shell reports it.
enum ForegroundCommand {
  /// How it ended: its exit status, 128+N when signal N ended it, 127 when it was not found,
  /// 126 when it could not be run.
  struct Ended: Equatable {
    let status: Int32
    /// Why it did not start, for the message; nil when it ran.
    let failure: String?
  }

  /// Runs `arguments[0]` with the rest as its arguments and exactly `environment`. While it runs,
  /// Ctrl-C and Ctrl-\ reach it from the terminal (tractok ignores them and waits), and a
  /// SIGTERM or SIGHUP sent to tractok is passed on to it.
  static func run(_ arguments: [String], environment: [String: String]) -> Ended {
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    // The command starts as from a shell: no signal blocked (tractok may run on a thread that
    // blocks them all) and every signal's action the default (tractok ignores some).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    var all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    // The command gets the file mode mask and core-file limit tractok was started with
    // (posix_spawn has no attribute for either: they are set for the moment of the spawn; the
    // work that needed tractok's private mask is done by then).
    let inherited = ProcessHardening.inherited
    let mask = umask(inherited.umask)
    ProcessHardening.setCoreLimit(inherited.coreLimit)
    var pid: pid_t = 0
    let started = posix_spawnp(&pid, arguments[0], nil, &attributes, argv, envp)
    umask(mask)
    ProcessHardening.setCoreLimit(0)
    guard started == 0 else {
      let reason = String(cString: strerror(started))
      return started == ENOENT
        ? Ended(status: 127, failure: "\(arguments[0]): command not found")
        : Ended(status: 126, failure: "\(arguments[0]): \(reason)")
    }
    let child = pid
    let ignored = [SIGINT, SIGQUIT].map { ($0, signal($0, SIG_IGN)) }
    let forwarded = SignalWatcher(signals: [SIGTERM, SIGHUP]) { number in kill(child, number) }
    defer {
      forwarded.stop()
      for (number, previous) in ignored { signal(number, previous) }
    }
    var status: Int32 = 0
    while waitpid(child, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
    let signalNumber = status & 0x7F
    return Ended(status: signalNumber == 0 ? (status >> 8) & 0xFF : 128 + signalNumber, failure: nil)
  }
}
