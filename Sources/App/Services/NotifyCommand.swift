import Domain
import Foundation

/// Runs `TRACTOK_NOTIFY_CMD` (through /bin/sh) for an account event, with the event and the
/// account in its environment, never a token, the client secret or the key.
struct NotifyCommand: Sendable {
  let command: String

  init(_ command: String) { self.command = command }

  /// How long one event's command may hold up the next one's start.
  static let turn: TimeInterval = 10

  /// Runs the command once per event, in order: each run starts when the one before has ended
  /// (or had its turn), so a notifier hears `scope-lost` before the `recovered` that came with
  /// it. The last run is not waited for.
  func run(_ events: [AccountEvent], _ account: Account) {
    for (index, event) in events.enumerated() {
      let process = ChildProcess.start("/bin/sh", ["-c", command], extra: Self.environment(event, account))
      guard let process, index < events.count - 1 else { continue }
      let deadline = Date().addingTimeInterval(Self.turn)
      while process.isRunning && Date() < deadline { usleep(10_000) }
    }
  }

  /// The variables the command gets (README's "Account events" lists them).
  static func environment(_ event: AccountEvent, _ account: Account) -> [String: String] {
    let profile = account.profile == "default" ? "" : "--profile \(account.profile) "
    var variables = [
      "TRACTOK_EVENT": event.name,
      "TRACTOK_ACCOUNT": UntrustedText.sanitize(account.handle),
      "TRACTOK_OPEN_ID": UntrustedText.sanitize(account.openID),
      "TRACTOK_DISPLAY_NAME": UntrustedText.sanitize(account.displayName),
      "TRACTOK_PROFILE": account.profile,
      "TRACTOK_RECONNECT_CMD": "tractok \(profile)connect --qr",
    ]
    switch event {
    case .expiring(let stage, let reconnectBefore):
      variables["TRACTOK_RECONNECT_BEFORE"] = ISO8601.text(reconnectBefore)
      variables["TRACTOK_REASON"] = "the refresh token ends within \(Format.count(stage, "day"))"
    case .needsReconnect(let reason):
      variables["TRACTOK_REASON"] = UntrustedText.sanitize(reason)
    case .recovered:
      variables["TRACTOK_REASON"] = "usable again"
    case .scopeLost(let lost):
      variables["TRACTOK_REASON"] = "no longer granted: \(UntrustedText.sanitize(Scope.join(lost)))"
      variables["TRACTOK_LOST_SCOPES"] = UntrustedText.sanitize(Scope.join(lost))
    }
    return variables
  }
}
