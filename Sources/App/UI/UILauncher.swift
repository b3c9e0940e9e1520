import Domain
import Foundation
import Storage
import TUI

/// `tractok` alone: the full-screen UI (or, with `TRACTOK_HEADLESS=1`, the same loop without a
/// terminal, which stress tests run as background processes).
enum UILauncher {
  static func run(_ context: Context) throws(CommandFailure) -> ExitCode {
    let services = try context.services()
    let record = try context.attempt { try services.store.profile(context.profile) }
    let app = try context.attempt { try services.catalog().forProfile(record.app) }
    let state = AppState(
      profile: context.profile, tier: record.tier, app: app.name, isSandbox: app.usesSandbox,
      now: Date(), timeZone: .current, policy: services.policy)
    let runner = EffectRunner(services: services)
    Task.detached { await services.accounts().retryPendingRevocations() }
    if context.environment["TRACTOK_HEADLESS"] == "1" {
      TerminalUI.runHeadless(state: state, runner: runner)
      return .ok
    }
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw .failure(
        "the full-screen UI needs a terminal; see `tractok --help` for commands scripts can use")
    }
    do {
      try TerminalUI.run(state: state, runner: runner, environment: context.environment)
    } catch let error as DomainError {
      throw .failure(error.message)
    } catch {
      throw .failure("the terminal could not be used: \(error)")
    }
    return .ok
  }
}
