/// What shell completion offers for one command: its options, fixed words, and whether it takes
/// an ACCOUNT (whose names the scripts ask `tractok __complete accounts` for at completion time).
struct CompletionSpec: Equatable {
  var name: String
  var summary: String
  var options: [String]
  var words: [String]
  var takesAccount: Bool

  /// The specs of every listed command, from the same definitions `--help` is made of.
  static var all: [CompletionSpec] {
    Program.commands.map { command in
      CompletionSpec(
        name: command.name, summary: command.summary,
        options: command.spec.flags.union(command.spec.options).union(command.spec.repeatable)
          .sorted() + ["--help"],
        words: command.completionWords, takesAccount: command.usage.contains("ACCOUNT"))
    }
  }

  /// The options every command accepts before or after its name.
  static let globalOptions = ["--profile", "--help", "--version"]
}
