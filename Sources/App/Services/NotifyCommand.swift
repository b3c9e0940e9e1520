import Domain
import Foundation

/// Runs `TRACTOK_NOTIFY_CMD` (through /bin/sh) for an account event, with the event and the
/// account in its environment, never a token, the client secret or the key.
struct NotifyCommand: Sendable {
  let command: String

  init(_ command: String) { self.command = command }

  /// Runs the command once per event, in order, without holding tractok up: one `/bin/sh`
  /// reads each event's variables from its standard input (`loop`) and runs the command for
  /// each when the run before has ended, so a notifier hears `scope-lost` before the
  /// `recovered` that came with it; tractok does not wait for any of it.
  func run(_ events: [AccountEvent], _ account: Account) {
    let input = events.map { Self.record(Self.environment($0, account)) }.joined()
    ChildProcess.start(
      "/bin/sh", ["-c", Self.loop, "tractok-notify", command], input: Data(input.utf8))
  }

  /// Per event: a line naming its variables, then a line with each value. The command ($1)
  /// gets no standard input, so it cannot swallow the events after its own.
  static let loop = """
    while IFS= read -r names; do
      for name in $names; do IFS= read -r value; export "$name=$value"; done
      /bin/sh -c "$1" </dev/null
      for name in $names; do unset "$name"; done
    done
    """

  /// One event's lines for `loop` (values are kept to one line).
  static func record(_ variables: [String: String]) -> String {
    let names = variables.keys.sorted()
    let values = names.map { (variables[$0] ?? "").replacingOccurrences(of: "\n", with: " ") }
    return ([names.joined(separator: " ")] + values).joined(separator: "\n") + "\n"
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
