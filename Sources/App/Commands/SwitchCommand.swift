import Domain

/// `tractok switch ACCOUNT`: makes an account the profile's current one.
enum SwitchCommand: SynchronousCommand {
  static let name = "switch"
  static let summary = "make an account the current one"
  static let usage = "switch ACCOUNT"
  static let details = """
    ACCOUNT matches an open_id, @username or display name (case-insensitive; a unique prefix
    is enough). The current account is the one `tractok token` uses without ACCOUNT and the
    one the UI opens on.
    """
  static let spec = ArgumentSpec(positionals: 1...1)

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let account = try context.account(matching: arguments.positionals[0])
    try context.attempt { try context.store().select(account.openID, profile: context.profile) }
    context.output.line(
      "Current account: \(UntrustedText.sanitize(account.label)) (\(UntrustedText.sanitize(account.handle)))"
    )
    return .ok
  }
}
