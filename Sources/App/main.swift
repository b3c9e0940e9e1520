import Foundation

#if canImport(Glibc)
  import Glibc
#endif

// Everything tractok creates (database, WAL, key, log) is private to the user.
umask(0o077)
ProcessHardening.apply()
let status = await Program.main(
  Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(status)
