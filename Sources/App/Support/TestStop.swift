import Domain

#if canImport(Glibc)
  import Glibc
#endif

/// Test builds only: a refresh checkpoint that stops this process (`SIGSTOP` to itself), set by
/// `TRACTOK_TEST_STOP_AT=sending|answered`, so end-to-end tests can stop a refresh exactly
/// before its request leaves or after TikTok answered, and show what other processes do until
/// it is resumed or killed. Release builds never read the variable, so this never stops them.
enum TestStop {
  static func checkpoint(_ stop: RefreshCheckpoint?) -> RefreshEngine.Checkpoint {
    guard let stop else { return { _ in } }
    // `raise` directs the signal at the calling thread, which stops before it returns; a
    // process-directed `kill` could let this thread run on into the next transaction first.
    return { reached in
      if reached == stop { raise(SIGSTOP) }
    }
  }
}
