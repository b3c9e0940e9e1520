import Domain
import Foundation

/// `tractok token`: prints only an access token, refreshing first when needed.
enum TokenCommand: Command {
  static let name = "token"
  static let summary = "print a valid access token for scripts (refreshes first if needed)"
  static let usage = "token [ACCOUNT] [--min-valid SECONDS] [--header]"
  static let details = """
    Prints only the access token of ACCOUNT (default: the current account) on standard output.
    The token is refreshed first when it is due or would not last --min-valid seconds; if
    another process is refreshing the same account, this one waits and prints the new token.

    Hand the token to programs through a pipe, never as an argument (other users see every
    process's arguments in `ps`):
      tractok token @mayacooks --header | curl -H @- https://open.tiktokapis.com/v2/user/info/

    Options:
      --min-valid SECONDS   the token must stay valid at least this long (default 0)
      --header              print `Authorization: Bearer TOKEN`, the line curl -H @- reads

    Exit codes: 0 printed, 1 failure (message on standard error), 4 the account needs a
    reconnect (`tractok connect`).
    """
  static let spec = ArgumentSpec(flags: ["--header"], options: ["--min-valid"], positionals: 0...1)

  /// A fresh token is read and printed without the engine, the network or Swift concurrency.
  static func runAtOnce(_ arguments: Arguments, _ context: Context) throws(CommandFailure)
    -> ExitCode?
  {
    let minimum = try minimumValidity(arguments)
    guard let token = context.freshToken(arguments.positionals.first, minimumValidity: minimum)
    else { return nil }
    emit(token, arguments, context)
    return .ok
  }

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let minimum = try minimumValidity(arguments)
    let account = try context.accountOrSelected(arguments.positionals.first)
    let services = try context.services()
    switch await services.engine().validAccessToken(account.openID, minimumValidity: minimum) {
    case .success(let token):
      emit(token, arguments, context)
      return .ok
    case .failure(let error):
      throw CommandFailure(message: error.message, code: exitCode(for: error))
    }
  }

  /// The token alone, or with `--header` the line curl -H @- reads.
  private static func emit(_ token: Secret, _ arguments: Arguments, _ context: Context) {
    let header = arguments.flags.contains("--header")
    context.output.line(header ? "Authorization: Bearer \(token.reveal)" : token.reveal)
  }

  private static func minimumValidity(_ arguments: Arguments) throws(CommandFailure)
    -> TimeInterval
  {
    TimeInterval(try arguments.wholeNumber("--min-valid", in: 0...Arguments.longestDuration) ?? 0)
  }

  /// 4 when only a reconnect helps, 1 otherwise.
  static func exitCode(for error: DomainError) -> ExitCode {
    if case .needsReconnect = error { return .needsReconnect }
    return .failure
  }
}
