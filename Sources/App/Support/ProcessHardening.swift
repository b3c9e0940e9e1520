import CLinux
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What ssh-agent does at start so tokens in memory stay in memory: no core file is ever
/// written, and the process is not dumpable, so other processes of the same user cannot
/// attach to it or read its memory (`/proc/PID/mem`, `environ`), and its `/proc` files belong
/// to root.
enum ProcessHardening {
  /// Applies both. Lowering a limit and clearing the dumpable flag are always allowed to a
  /// process on its own behalf, so there is no failure to report.
  static func apply() {
    var none = rlimit(rlim_cur: 0, rlim_max: 0)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
    // Through CLinux's shim: prctl is variadic, which Swift does not import.
    _ = tk_set_not_dumpable()
  }
}
