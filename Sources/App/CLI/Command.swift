import Domain

/// A `tractok` subcommand: its help texts, the arguments it accepts, and what it does.
protocol Command: Sendable {
  /// The word that selects it (`accounts`).
  static var name: String { get }
  /// One line for `tractok --help`.
  static var summary: String { get }
  /// The usage line(s), without the leading `tractok`.
  static var usage: String { get }
  /// The body of `tractok NAME --help`: what it does, options, exit codes.
  static var details: String { get }
  static var spec: ArgumentSpec { get }
  /// Fixed words shell completion offers after the command (`set`, `bash`); none by default.
  static var completionWords: [String] { get }
  /// Answers at once, without Swift concurrency, when it can; nil hands over to `run`.
  static func runAtOnce(_ arguments: Arguments, _ context: Context) throws(CommandFailure)
    -> ExitCode?
  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
}

/// A command whose whole work is synchronous: it never starts Swift's concurrency runtime.
protocol SynchronousCommand: Command {
  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode
}

extension Command {
  static func runAtOnce(_ arguments: Arguments, _ context: Context) throws(CommandFailure)
    -> ExitCode?
  { nil }
}

extension SynchronousCommand {
  static func runAtOnce(_ arguments: Arguments, _ context: Context) throws(CommandFailure)
    -> ExitCode?
  { try run(arguments, context) }
}

extension Command {
  static var completionWords: [String] { [] }

  /// The full `--help` text.
  static var help: String {
    """
    \(summary)

    Usage:
    \(usage.split(separator: "\n").map { "  tractok \($0)" }.joined(separator: "\n"))

    \(details)

    Global options:
      --profile NAME   use another workspace profile (default: $TRACTOK_PROFILE, else default)
      --help           show this help
    """
  }
}
