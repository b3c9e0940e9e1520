import Domain
import Foundation

/// `tractok token`: prints only an access token, refreshing first when needed.
enum TokenCommand: Command {
  static let name = "token"
  static let summary = "print a valid access token for scripts (refreshes first if needed)"
  static let usage = "token [ACCOUNT] [--min-valid SECONDS] [--timeout SECONDS] [--header | --json]"
  static let details = """
    Prints only the access token of ACCOUNT (default: $TRACTOK_ACCOUNT, else the current
    account) on standard output. The token is refreshed first when it is due or would not
    last --min-valid seconds; if another process is refreshing the same account, this one
    waits and prints the new token. A refresh token another process sent is never sent again
    while that process exists (even stopped): this one waits for it until --timeout, then
    fails naming the process.

    Hand the token to programs through a pipe or the environment, never as an argument (other
    users see every process's arguments in `ps`):
      tractok token @mayacooks --header | curl -H @- https://open.tiktokapis.com/v2/user/info/
      tractok exec @mayacooks -- ./post-video.sh      (TIKTOK_ACCESS_TOKEN in its environment)

    Options:
    \(TokenRequest.help(minimumDefault: 0))
      --header              print `Authorization: Bearer TOKEN`, the line curl -H @- reads
      --json                print {"open_id", "access_token", "expires_at", "scopes"}

    Exit codes: 0 printed, 1 failure (the last error and the next automatic attempt on
    standard error), 4 the account needs a reconnect (`tractok connect`).
    """
  static let spec = ArgumentSpec(
    flags: ["--header", "--json"], options: ["--min-valid", "--timeout"], positionals: 0...1)

  /// A fresh token is read and printed without the engine, the network or Swift concurrency.
  static func runAtOnce(_ arguments: Arguments, _ context: Context) throws(CommandFailure)
    -> ExitCode?
  {
    try checkForms(arguments)
    let (minimum, _) = try TokenRequest.options(arguments, minimumDefault: 0)
    guard let valid = context.freshToken(arguments.positionals.first, minimumValidity: minimum)
    else { return nil }
    emit(valid, context.output, arguments)
    return .ok
  }

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    try checkForms(arguments)
    let valid = try await TokenRequest.acquire(arguments, minimumDefault: 0, context)
    emit(valid, context.output, arguments)
    return .ok
  }

  private static func checkForms(_ arguments: Arguments) throws(CommandFailure) {
    if arguments.flags.isSuperset(of: ["--header", "--json"]) {
      throw .usage("give --header or --json, not both")
    }
  }

  /// The token alone, the line curl -H @- reads (`--header`), or the JSON object (`--json`).
  private static func emit(
    _ valid: RefreshEngine.ValidToken, _ output: Output, _ arguments: Arguments
  ) {
    if arguments.flags.contains("--json") {
      output.line(json(valid).pretty())
    } else if arguments.flags.contains("--header") {
      output.line("Authorization: Bearer \(valid.token.reveal)")
    } else {
      output.line(valid.token.reveal)
    }
  }

  /// `token --json`'s object (docs/json.md).
  static func json(_ valid: RefreshEngine.ValidToken) -> JSONOutput {
    .object([
      ("open_id", .string(UntrustedText.sanitize(valid.account.openID))),
      ("access_token", .string(valid.token.reveal)),
      ("expires_at", .string(ISO8601.text(valid.account.accessExpiresAt))),
      ("scopes", .array(valid.account.grantedScopes.map { .string(UntrustedText.sanitize($0)) })),
    ])
  }
}
