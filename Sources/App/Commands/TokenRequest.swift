import Domain
import Foundation

/// What `token` and `exec` share: their options and how they get a token that lasts.
enum TokenRequest {
  /// The option lines of their `--help`.
  static func help(minimumDefault: Int) -> String {
    """
      --min-valid SECONDS   the token must stay valid at least this long (default \(minimumDefault))
    \(RefreshDeadline.help)
    """
  }

  /// The token of ACCOUNT (or `$TRACTOK_ACCOUNT`'s, or the current account's), valid for at
  /// least `--min-valid` seconds: refreshed first when needed, waiting for another process's
  /// refresh and retrying passing failures until `--timeout`.
  static func acquire(
    _ arguments: Arguments, minimumDefault: Int, _ context: Context
  ) async throws(CommandFailure) -> RefreshEngine.ValidToken {
    let (minimum, timeout) = try options(arguments, minimumDefault: minimumDefault)
    let account = try context.accountOrSelected(arguments.positionals.first)
    let services = try context.services()
    switch await services.engine().validToken(
      account.openID, minimumValidity: minimum, timeout: timeout)
    {
    case .success(let valid): return valid
    case .failure(let error):
      throw CommandFailure(
        message: RefreshDeadline.message(error, openID: account.openID, store: services.store),
        code: exitCode(for: error))
    }
  }

  /// `--min-valid` (or its default) and `--timeout` (or the default deadline), checked.
  static func options(_ arguments: Arguments, minimumDefault: Int) throws(CommandFailure)
    -> (minimum: TimeInterval, timeout: TimeInterval)
  {
    let minimum = try arguments.wholeNumber("--min-valid", in: 0...Arguments.longestDuration)
    return (TimeInterval(minimum ?? minimumDefault), try RefreshDeadline.timeout(arguments))
  }

  /// 4 when only a reconnect helps, 1 otherwise.
  static func exitCode(for error: DomainError) -> ExitCode {
    if case .needsReconnect = error { return .needsReconnect }
    return .failure
  }
}
