import Domain
import Foundation
import Synchronization

/// `tractok watch`: keeps every account of the data directory fresh in the foreground.
enum WatchCommand: Command {
  static let name = "watch"
  static let summary = "keep tokens fresh in the foreground (for systemd, tmux or a terminal)"
  static let usage = "watch [--interval SECONDS]\nwatch --systemd-unit"
  static let details = """
    Refreshes every account of the data directory (all profiles) as its access token comes
    due, retries transient failures with backoff, announces account events through
    TRACTOK_NOTIFY_CMD (expiring, needs-reconnect, recovered, scope-lost, whichever process
    caused them) and retries queued revokes. It logs one line per action on standard output
    and exits 0 on SIGTERM or Ctrl-C. Only one watch runs per data directory.

    Options:
      --interval SECONDS   look at every account at least this often (default 60)
      --systemd-unit       print a systemd user unit that runs `tractok watch`, and exit

    Without systemd, a cron line does the refreshing (not the events between runs):
      */5 * * * *  tractok refresh --all >/dev/null
    """
  static let spec = ArgumentSpec(flags: ["--systemd-unit"], options: ["--interval"])

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    if arguments.flags.contains("--systemd-unit") {
      guard arguments.options.isEmpty else { throw .usage("--systemd-unit takes no other option") }
      context.output.line(SystemdUnit.text(context))
      return .ok
    }
    let interval = TimeInterval(try arguments.wholeNumber("--interval", in: 5...86_400) ?? 60)
    let services = try context.services()
    let lock: SingleInstanceLock
    do {
      lock = try SingleInstanceLock(path: "\(context.configuration.home)/watch.lock")
    } catch {
      switch error {
      case .held(let pid):
        let holder = pid.map { " (pid \($0))" } ?? ""
        throw .failure(
          "another `tractok watch`\(holder) already keeps \(context.configuration.home) fresh")
      case .unusable(let why): throw .failure(why)
      }
    }
    let log = WatchLog(output: context.output)
    log.line("watching \(context.configuration.home) (every \(Int(interval)) s at most)")
    let stop = WatchStop()
    let signals = SignalWatcher { number in
      let name = number == SIGTERM ? "SIGTERM" : number == SIGINT ? "SIGINT" : "SIGHUP"
      log.line("stopping (\(name)) once the round under way has stored what TikTok answered")
      stop.request()
    }
    defer { signals.stop() }
    await keepAlive(services, interval: interval, log: log, until: stop)
    withExtendedLifetime(lock) {}
    return .ok
  }

  /// Rounds until a stop is requested, sleeping until the next account comes due. A round is
  /// never cut short: a refresh whose request is out must store TikTok's answer (the old
  /// refresh token is dead once TikTok has rotated it).
  private static func keepAlive(
    _ services: Services, interval: TimeInterval, log: WatchLog, until stop: WatchStop
  ) async {
    let keepAlive = KeepAlive(services.accounts())
    while !stop.requested {
      for action in await keepAlive.round() { log.line(WatchLog.describe(action)) }
      let accounts = (try? services.store.allAccounts()) ?? []
      let next = KeepAlive.nextRound(
        after: Date(), accounts: accounts, interval: interval, policy: services.policy)
      await stop.sleep(until: next)
    }
  }
}

/// A stop asked for by a signal: it ends `watch`'s sleep at once, never a round under way.
final class WatchStop: Sendable {
  private struct State {
    var stopping = false
    var sleeper: Task<Void, Never>?
  }
  private let state = Mutex(State())

  var requested: Bool { state.withLock { $0.stopping } }

  func request() {
    let sleeping = state.withLock { state in
      state.stopping = true
      return state.sleeper
    }
    sleeping?.cancel()
  }

  /// Sleeps until `date`, or until a stop is requested.
  func sleep(until date: Date) async {
    let nap = Task<Void, Never> {
      try? await Task.sleep(nanoseconds: UInt64(max(0, date.timeIntervalSinceNow) * 1e9))
    }
    let stopping = state.withLock { state in
      state.sleeper = nap
      return state.stopping
    }
    if stopping { nap.cancel() }
    await nap.value
  }
}

/// `watch`'s log: one timestamped line per action, nothing secret.
struct WatchLog: Sendable {
  let output: Output

  func line(_ text: String) { output.line("\(ISO8601.text(Date())) \(text)") }

  static func describe(_ action: KeepAlive.Action) -> String {
    switch action {
    case .refreshed(let account):
      let left = Format.countdown(from: Date(), to: account.accessExpiresAt)
      return "refreshed \(name(account)): access token valid for \(left)"
    case .refreshFailed(let account, let error):
      return "refresh of \(name(account)) failed: \(error.message)"
    case .announced(let event, let account):
      let reason = NotifyCommand.environment(event, account)["TRACTOK_REASON"] ?? ""
      return "\(event.name): \(name(account)) (\(reason))"
    }
  }

  private static func name(_ account: Account) -> String {
    UntrustedText.sanitize("\(account.handle) in profile \(account.profile)")
  }
}
