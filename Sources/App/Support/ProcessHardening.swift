import CLinux
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What ssh-agent does at start so tokens in memory stay in memory: no core file is ever
/// written, and the process is not dumpable, so other processes of the same user cannot
/// attach to it or read its memory (`/proc/PID/mem`, `environ`), and its `/proc` files belong
/// to root. Everything tractok creates is private to the user (umask 077).
enum ProcessHardening {
  /// The file mode mask and core-file limit tractok was started with, which a command run by
  /// `tractok exec` gets back.
  struct Inherited: Sendable {
    let umask: mode_t
    let coreLimit: rlim_t
  }

  /// Read once, before `apply` changes them.
  static let inherited: Inherited = {
    let mask = Glibc.umask(0o077)
    Glibc.umask(mask)
    var core = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
    return Inherited(umask: mask, coreLimit: core.rlim_cur)
  }()

  /// Applies all three. Lowering the soft core limit, the mask and the dumpable flag are
  /// always allowed to a process on its own behalf, so there is no failure to report. The hard
  /// core limit stays, so that `exec` can give its command the limit it had.
  static func apply() {
    _ = inherited
    umask(0o077)
    setCoreLimit(0)
    // Through CLinux's shim: prctl is variadic, which Swift does not import.
    _ = tk_set_not_dumpable()
  }

  static func setCoreLimit(_ soft: rlim_t) {
    var core = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
    core.rlim_cur = min(soft, core.rlim_max)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
  }
}
