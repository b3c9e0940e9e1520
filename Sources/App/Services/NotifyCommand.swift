import Domain
import Foundation

/// Runs `TRACTOK_NOTIFY_CMD` (through /bin/sh) when an account starts needing a reconnect. The
/// account is passed in the environment, never a token.
struct NotifyCommand: Sendable {
  let command: String?

  init(_ command: String?) { self.command = command }

  func run(_ account: Account) {
    guard let command else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    var environment = ProcessInfo.processInfo.environment
    for name in ["TIKTOK_CLIENT_SECRET", "TIKTOK_ENCRYPTION_KEY"] { environment[name] = nil }
    environment["TRACTOK_ACCOUNT"] = UntrustedText.sanitize(account.handle)
    environment["TRACTOK_OPEN_ID"] = UntrustedText.sanitize(account.openID)
    environment["TRACTOK_DISPLAY_NAME"] = UntrustedText.sanitize(account.displayName)
    environment["TRACTOK_PROFILE"] = account.profile
    environment["TRACTOK_REASON"] = UntrustedText.sanitize(
      account.statusReason ?? account.status.rawValue)
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try? process.run()
    process.waitUntilExit()
  }
}
