import Foundation

// tractok's benchmark helper (`scripts/bench` runs it; see docs/benchmarks.md). Each command
// prints one JSON object on standard output. Data paths come from the same environment
// variables tractok reads (TRACTOK_HOME, TIKTOK_*), so both see one database and one sandbox.
//
//   TractokBench ui-cycle [--accounts N] [--presses N]   B1: update + render + diff per `j`
//   TractokBench frames                                   B2: cells one `j` changes (the floor)
//   TractokBench populate --count N [--sandbox] [--shift-seconds S]
//                                                        fixtures; with --sandbox, real grants
//   TractokBench refresh [--concurrency N]                B5: every account refreshed in-process

let arguments = BenchArguments(Array(CommandLine.arguments.dropFirst()))
let environment = ProcessInfo.processInfo.environment
do {
  switch arguments.command {
  case "ui-cycle":
    UICycleBench.run(
      accounts: try arguments.integer("--accounts", default: 10_000),
      presses: try arguments.integer("--presses", default: 2_000)
    ).print()
  case "frames": try FrameBench.run(environment: environment).print()
  case "populate":
    try await FixtureBench.run(
      count: try arguments.integer("--count", default: 1_000),
      viaSandbox: arguments.flags.contains("--sandbox"),
      shift: TimeInterval(try arguments.integer("--shift-seconds", default: 0, minimum: 0)),
      environment: environment
    ).print()
  case "refresh":
    try await RefreshBench.run(
      concurrency: try arguments.integer("--concurrency", default: 1), environment: environment
    ).print()
  default:
    throw BenchFailure("usage: TractokBench ui-cycle|frames|populate|refresh [options]")
  }
} catch {
  FileHandle.standardError.write(Data("TractokBench: \(error)\n".utf8))
  exit(1)
}
