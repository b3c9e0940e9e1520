import Domain
import Foundation

/// `tractok disconnect`: revokes an account at TikTok and removes it locally.
enum DisconnectCommand: Command {
  static let name = "disconnect"
  static let summary = "revoke an account at TikTok and remove it, freeing its slot"
  static let usage = "disconnect ACCOUNT [--yes]"
  static let details = """
    Asks for confirmation (unless --yes), revokes the access at TikTok (refreshing first if the
    access token has expired), and deletes the account and its tokens locally even when the
    revoke fails; a revoke that failed on the network is retried later.

    Options:
      --yes   do not ask
    """
  static let spec = ArgumentSpec(flags: ["--yes"], positionals: 1...1)

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let account = try context.account(matching: arguments.positionals[0])
    let name =
      "\(UntrustedText.sanitize(account.label)) (\(UntrustedText.sanitize(account.handle)))"
    if !arguments.flags.contains("--yes") {
      context.output.prompt("Disconnect \(name) from profile \(context.profile)? [y/N] ")
      let answer = readLine()?.trimmingSpaces().lowercased()
      guard answer == "y" || answer == "yes" else {
        context.output.line("Nothing changed.")
        return .failure
      }
    }
    let services = try context.services()
    switch await services.accounts().disconnect(account.openID) {
    case .success(let report):
      context.output.line("Disconnected \(name); its slot is free.")
      if let error = report.revokeError {
        let later =
          report.willRetry ? " It will be retried later (`tractok refresh` retries it)." : ""
        context.output.error("The revoke at TikTok failed: \(error.message).\(later)")
      } else if report.revoked || report.alreadyRevoked {
        context.output.line(report.summary)
      }
      return .ok
    case .failure(let error):
      throw .failure(error.message)
    }
  }
}
