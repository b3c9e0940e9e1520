import Domain
import Foundation

/// `tractok exec`: runs a command with an account's token in its environment, never in an argv.
enum ExecCommand: Command {
  static let name = "exec"
  static let summary = "run a command with a valid access token in its environment"
  static let usage = "exec [ACCOUNT] [--min-valid SECONDS] [--timeout SECONDS] -- COMMAND [ARGS...]"
  static let details = """
    Runs COMMAND with TIKTOK_ACCESS_TOKEN (valid for at least --min-valid seconds, refreshed
    first when needed), TIKTOK_OPEN_ID, TRACTOK_ACCOUNT (the account's open_id) and
    TRACTOK_PROFILE added to its environment, and TIKTOK_CLIENT_SECRET and
    TIKTOK_ENCRYPTION_KEY removed from it. The
    token is never in an argument list, where `ps` would show it to every user. ACCOUNT
    defaults to $TRACTOK_ACCOUNT, else the current account.

      tractok exec @mayacooks -- python3 post_video.py     (reads TIKTOK_ACCESS_TOKEN)
      tractok exec @mayacooks -- sh -c 'printf "Authorization: Bearer %s" \\
        "$TIKTOK_ACCESS_TOKEN" | curl -H @- https://open.tiktokapis.com/v2/user/info/'

    (printf is built into the shell, so the token reaches curl through the pipe, not as an
    argument.)

    Options:
    \(TokenRequest.help(minimumDefault: 300))

    Exit codes: COMMAND's own (128+N when signal N ended it); 4 before running it when the
    account needs a reconnect; 1 when no token could be had; 127 when COMMAND is not found.
    """
  static let spec = ArgumentSpec(
    options: ["--min-valid", "--timeout"], positionals: 0...1, takesCommand: true)

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let valid = try await TokenRequest.acquire(arguments, minimumDefault: 300, context)
    var environment = context.environment
    for name in ChildProcess.secretVariables { environment[name] = nil }
    environment["TIKTOK_ACCESS_TOKEN"] = valid.token.reveal
    environment["TIKTOK_OPEN_ID"] = valid.account.openID
    environment["TRACTOK_ACCOUNT"] = valid.account.openID
    // So that tractok run by COMMAND finds that account in its profile.
    environment["TRACTOK_PROFILE"] = context.profile
    let ended = ForegroundCommand.run(arguments.command, environment: environment)
    if let failure = ended.failure { context.output.error("tractok: \(failure)") }
    return ExitCode(rawValue: ended.status)
  }
}
