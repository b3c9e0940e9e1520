/// The exit codes of PRODUCT.md section 9.
enum ExitCode: Int32 {
  case ok = 0
  case failure = 1
  case usage = 2
  case needsReconnect = 4
}

/// A failure that ends a command: what to print and how to exit.
struct CommandFailure: Error, Equatable {
  let message: String
  let code: ExitCode
  /// The command whose `--help` a usage error points to (nil: the program's).
  var command: String?

  static func usage(_ message: String) -> CommandFailure {
    CommandFailure(message: message, code: .usage)
  }
  static func failure(_ message: String) -> CommandFailure {
    CommandFailure(message: message, code: .failure)
  }
}
