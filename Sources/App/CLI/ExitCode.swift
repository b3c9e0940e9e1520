/// tractok's exit codes: 0 ok, 1 failure, 2 usage error, 4 the account needs a reconnect; and
/// whatever the command `tractok exec` ran ended with.
struct ExitCode: RawRepresentable, Equatable, Sendable {
  let rawValue: Int32

  init(rawValue: Int32) { self.rawValue = rawValue }

  static let ok = ExitCode(rawValue: 0)
  static let failure = ExitCode(rawValue: 1)
  static let usage = ExitCode(rawValue: 2)
  static let needsReconnect = ExitCode(rawValue: 4)
}

/// A failure that ends a command: what to print and how to exit.
struct CommandFailure: Error, Equatable {
  let message: String
  let code: ExitCode
  /// The command whose `--help` a usage error points to (nil: the program's).
  var command: String?

  /// The same failure, pointing a usage error to `command`'s --help.
  func pointing(to command: String) -> CommandFailure {
    var pointed = self
    pointed.command = command
    return pointed
  }

  static func usage(_ message: String) -> CommandFailure {
    CommandFailure(message: message, code: .usage)
  }
  static func failure(_ message: String) -> CommandFailure {
    CommandFailure(message: message, code: .failure)
  }
}
