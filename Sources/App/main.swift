import Foundation

#if canImport(Glibc)
  import Glibc
#endif

// Everything tractok creates (database, WAL, key, log) is private to the user; no core files.
ProcessHardening.apply()
// Synchronous: Swift's concurrency runtime starts only for commands that need it.
Program.start(
  Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.read())
