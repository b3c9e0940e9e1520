import Domain
import Foundation
import Storage

/// `tractok refresh`: refreshes one account's tokens now, or every account's.
enum RefreshCommand: Command {
  static let name = "refresh"
  static let summary = "refresh tokens now: the current or named account, or --all"
  static let usage = "refresh [ACCOUNT | --all] [--timeout SECONDS]"
  static let details = """
    Refreshes the access token now (TikTok rotates the refresh token; the new pair is stored
    before use). With --all, every account of the profile that can be refreshed. Accounts that
    need a reconnect or are over the tier's limit are reported, not refreshed. It also retries
    revocations that failed on the network earlier. A refresh token another process sent is
    never sent again while that process exists (even stopped): this one waits for it until
    --timeout, then fails naming the process.

    Options (--timeout is for the whole command, --all included):
    \(RefreshDeadline.help)

    Exit codes: 0 all refreshed, 1 a failure (the last error and the next automatic attempt),
    4 (single account) it needs a reconnect.
    """
  static let spec = ArgumentSpec(flags: ["--all"], options: ["--timeout"], positionals: 0...1)

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let all = arguments.flags.contains("--all")
    if all && !arguments.positionals.isEmpty { throw .usage("give ACCOUNT or --all, not both") }
    let timeout = try RefreshDeadline.timeout(arguments)
    let services = try context.services()
    let targets: [Account] =
      all
      ? try context.attempt { try services.store.accounts(profile: context.profile) }
      : [try context.accountOrSelected(arguments.positionals.first)]
    await services.accounts().retryPendingRevocations()
    let engine = services.engine()
    // One deadline for the whole command: an outage does not cost --timeout per account.
    let deadline = Date().addingTimeInterval(timeout)
    var worst = ExitCode.ok
    for account in targets {
      let name = UntrustedText.sanitize(account.label)
      if all && account.status == .overLimit {
        context.output.line("- \(name): over the tier's limit, skipped")
        continue
      }
      let remaining = max(0, deadline.timeIntervalSinceNow)
      switch await engine.refresh(account.openID, timeout: remaining) {
      case .success(let refreshed):
        let left = Format.countdown(from: Date(), to: refreshed.accessExpiresAt)
        context.output.line("✓ \(name): refreshed, access token valid for \(left)")
      case .failure(let error):
        let message = RefreshDeadline.message(
          error, openID: account.openID, store: services.store)
        context.output.error("✗ \(name): \(message)")
        let code = TokenRequest.exitCode(for: error)
        worst = all ? .failure : code
      }
    }
    if targets.isEmpty { context.output.line("No accounts in profile \(context.profile).") }
    return worst
  }
}
