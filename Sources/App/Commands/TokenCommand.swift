import Domain
import Foundation

/// `tractok token`: prints only an access token, refreshing first when needed.
enum TokenCommand: Command {
  static let name = "token"
  static let summary = "print a valid access token for scripts (refreshes first if needed)"
  static let usage = "token [ACCOUNT] [--min-valid SECONDS] [--timeout SECONDS] [--header]"
  static let details = """
    Prints only the access token of ACCOUNT (default: the current account) on standard output.
    The token is refreshed first when it is due or would not last --min-valid seconds; if
    another process is refreshing the same account, this one waits and prints the new token.
    A refresh token another process sent is never sent again while that process exists (even
    stopped): this one waits for it until --timeout, then fails naming the process.

    Hand the token to programs through a pipe, never as an argument (other users see every
    process's arguments in `ps`):
      tractok token @mayacooks --header | curl -H @- https://open.tiktokapis.com/v2/user/info/

    Options:
      --min-valid SECONDS   the token must stay valid at least this long (default 0)
      --header              print `Authorization: Bearer TOKEN`, the line curl -H @- reads
    \(RefreshDeadline.help)

    Exit codes: 0 printed, 1 failure (the last error and the next automatic attempt on
    standard error), 4 the account needs a reconnect (`tractok connect`).
    """
  static let spec = ArgumentSpec(
    flags: ["--header"], options: ["--min-valid", "--timeout"], positionals: 0...1)

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let minimum = TimeInterval(
      try arguments.wholeNumber("--min-valid", in: 0...Arguments.longestDuration) ?? 0)
    let timeout = try RefreshDeadline.timeout(arguments)
    let account = try context.accountOrSelected(arguments.positionals.first)
    let services = try context.services()
    let engine = services.engine()
    switch await engine.validAccessToken(
      account.openID, minimumValidity: minimum, timeout: timeout)
    {
    case .success(let token):
      let header = arguments.flags.contains("--header")
      context.output.line(header ? "Authorization: Bearer \(token.reveal)" : token.reveal)
      return .ok
    case .failure(let error):
      throw CommandFailure(
        message: RefreshDeadline.message(error, openID: account.openID, store: services.store),
        code: exitCode(for: error))
    }
  }

  /// 4 when only a reconnect helps, 1 otherwise.
  static func exitCode(for error: DomainError) -> ExitCode {
    if case .needsReconnect = error { return .needsReconnect }
    return .failure
  }
}
