import Domain

/// `tractok completion bash|zsh|fish`: prints a shell completion script.
enum CompletionCommand: SynchronousCommand {
  static let name = "completion"
  static let summary = "print a completion script for bash, zsh or fish"
  static let usage = "completion bash|zsh|fish"
  static let details = """
    Prints a script that completes tractok's commands, options and account names (read from
    the data directory when you press Tab, for the --profile on the line). Load it:

      bash   source <(tractok completion bash)      (e.g. in ~/.bashrc)
      zsh    source <(tractok completion zsh)       (after compinit, e.g. in ~/.zshrc)
      fish   tractok completion fish | source       (or save it in
             ~/.config/fish/completions/tractok.fish)
    """
  static let spec = ArgumentSpec(positionals: 1...1)
  static let completionWords = CompletionScript.shells

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let shell = arguments.positionals[0]
    guard let script = CompletionScript.script(for: shell) else {
      throw .usage("no completion for \(UntrustedArgument.show(shell)); choose bash, zsh or fish")
    }
    context.output.line(script)
    return .ok
  }

  /// `tractok __complete accounts`, which the scripts run when Tab is pressed: the profile's
  /// accounts as `@username` (or open_id), one per line; nothing at all when that fails.
  static func accounts(_ context: Context) -> ExitCode {
    guard let store = try? context.store(),
      let accounts = try? store.accounts(profile: context.profile)
    else { return .ok }
    for account in accounts {
      let word = account.username.isEmpty ? account.openID : "@\(account.username)"
      let clean = UntrustedText.sanitize(word)
      // Only words a shell takes without quoting.
      guard !clean.isEmpty, clean.allSatisfy({ $0.isLetter || $0.isNumber || "@._-".contains($0) })
      else { continue }
      context.output.line(clean)
    }
    return .ok
  }
}
