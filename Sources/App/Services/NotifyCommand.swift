import Domain
import Foundation

/// Runs `TRACTOK_NOTIFY_CMD` (through /bin/sh) when an account starts needing a reconnect. The
/// account is passed in the environment, never a token.
struct NotifyCommand: Sendable {
  let command: String?

  init(_ command: String?) { self.command = command }

  func run(_ account: Account) {
    guard let command else { return }
    ChildProcess.start(
      "/bin/sh", ["-c", command],
      extra: [
        "TRACTOK_ACCOUNT": UntrustedText.sanitize(account.handle),
        "TRACTOK_OPEN_ID": UntrustedText.sanitize(account.openID),
        "TRACTOK_DISPLAY_NAME": UntrustedText.sanitize(account.displayName),
        "TRACTOK_PROFILE": account.profile,
        "TRACTOK_REASON": UntrustedText.sanitize(account.statusReason ?? account.status.rawValue),
      ])
  }
}
