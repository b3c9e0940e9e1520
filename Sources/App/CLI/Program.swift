import Domain
import Foundation

/// The `tractok` program: global options, dispatch to commands, help and version.
enum Program {
  static let version = "0.1.0"

  /// Every command that works, in the order `--help` lists them.
  static let commands: [any Command.Type] = [
    ConnectCommand.self, TokenCommand.self, ExecCommand.self, RefreshCommand.self,
    StatusCommand.self,
    DisconnectCommand.self,
    AccountsCommand.self, SwitchCommand.self, TierCommand.self, ProfileCommand.self,
    AppCommand.self, RekeyCommand.self,
    WatchCommand.self, DoctorCommand.self, SandboxCommand.self, CompletionCommand.self,
  ]

  /// Runs the command line and exits with its code. A command that can answer at once (every
  /// synchronous one, and `token` when the stored token is fresh) runs as plain synchronous
  /// code; only the others start Swift's concurrency runtime, on a task, while the main
  /// thread serves the main queue.
  static func start(_ words: [String], environment: [String: String]) -> Never {
    let output = Output()
    let pending: Pending
    do {
      switch try prepare(words, environment: environment, output: output) {
      case .finished(let code): exit(code.rawValue)
      case .pending(let work): pending = work
      }
    } catch {
      exit(report(error, output))
    }
    Task {
      do throws(CommandFailure) {
        exit(try await pending.command.run(pending.arguments, pending.context).rawValue)
      } catch {
        exit(report(error.pointing(to: pending.command.name), output))
      }
    }
    dispatchMain()
  }

  /// Prints a failure (and where usage is explained) and returns its exit code.
  private static func report(_ error: CommandFailure, _ output: Output) -> Int32 {
    output.error("tractok: \(error.message)")
    if error.code == .usage {
      let help = error.command.map { "tractok \($0) --help" } ?? "tractok --help"
      output.error("Run `\(help)` for usage.")
    }
    return error.code.rawValue
  }

  /// A command that needs its asynchronous `run`.
  private struct Pending {
    let command: any Command.Type
    let arguments: Arguments
    let context: Context
  }

  private enum Outcome {
    case finished(ExitCode)
    case pending(Pending)
  }

  private static func prepare(_ words: [String], environment: [String: String], output: Output)
    throws(CommandFailure) -> Outcome
  {
    let (globals, rest) = try splitGlobals(words, environment: environment)
    let context = Context(
      configuration: .from(environment: environment), profile: globals.profile,
      environment: environment, output: output)
    guard let name = rest.first else {
      if globals.help {
        output.line(programHelp)
        return .finished(.ok)
      }
      if globals.version {
        output.line("tractok \(version)")
        return .finished(.ok)
      }
      return .finished(try UILauncher.run(context))
    }
    guard let command = commands.first(where: { $0.name == name }) else {
      if name == "__complete", rest.dropFirst() == ["accounts"] {
        return .finished(CompletionCommand.accounts(context))
      }
      if name == "help" {
        output.line(rest.count > 1 ? try helpFor(rest[1]) : programHelp)
        return .finished(.ok)
      }
      throw .usage("unknown command \(UntrustedArgument.show(name))")
    }
    if globals.help {
      output.line(command.help)
      return .finished(.ok)
    }
    // A usage error, found while parsing or by the command, points to the command's --help.
    do {
      let arguments = try Arguments.parse(
        Array(rest.dropFirst()), spec: command.spec, command: name, usage: command.usage)
      if let code = try command.runAtOnce(arguments, context) { return .finished(code) }
      return .pending(Pending(command: command, arguments: arguments, context: context))
    } catch {
      throw error.pointing(to: name)
    }
  }

  private struct Globals {
    var profile: String
    var help = false
    var version = false
  }

  /// Takes `--profile` (default `$TRACTOK_PROFILE`, else `default`), `--help`/`-h` and
  /// `--version` from anywhere before `--`.
  private static func splitGlobals(_ words: [String], environment: [String: String])
    throws(CommandFailure) -> (Globals, [String])
  {
    let fromEnvironment = environment["TRACTOK_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
    var globals = Globals(profile: fromEnvironment ?? "default")
    var rest: [String] = []
    var index = 0
    var profileSeen = false
    while index < words.count {
      let word = words[index]
      index += 1
      if word == "--" {
        rest.append(contentsOf: words[(index - 1)...])
        break
      }
      switch word {
      case "--help", "-h": globals.help = true
      case "--version": globals.version = true
      case "--profile":
        guard index < words.count else { throw .usage("--profile needs a name") }
        globals.profile = words[index]
        index += 1
        guard !profileSeen else { throw .usage("--profile given twice") }
        profileSeen = true
      default:
        if word.hasPrefix("--profile=") {
          guard !profileSeen else { throw .usage("--profile given twice") }
          globals.profile = String(word.dropFirst("--profile=".count))
          profileSeen = true
        } else {
          rest.append(word)
        }
      }
    }
    guard ProfileRecord.isValidName(globals.profile) else {
      let source = profileSeen ? "" : " in TRACTOK_PROFILE"
      throw .usage(
        "profile names are 1-64 letters, digits, '.', '_' or '-' (got \(UntrustedArgument.show(globals.profile))\(source))"
      )
    }
    return (globals, rest)
  }

  private static func helpFor(_ name: String) throws(CommandFailure) -> String {
    guard let command = commands.first(where: { $0.name == name }) else {
      throw .usage("unknown command \(UntrustedArgument.show(name))")
    }
    return command.help
  }

  static var programHelp: String {
    let width = commands.map { $0.name.count }.max() ?? 10
    let lines = commands.map {
      "  \($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\($0.summary)"
    }
    return """
      tractok \(version): every TikTok account you manage, in one terminal.

      Usage:
        tractok [--profile NAME]                      the full-screen UI
        tractok [--profile NAME] COMMAND [OPTIONS]
        tractok --version | --help

      Commands:
      \(lines.joined(separator: "\n"))

      Run `tractok COMMAND --help` for a command's options.
      A profile connects through its app (`tractok app add`, `tractok profile set-app`); one
      bound to none uses TIKTOK_CLIENT_KEY's app, else the built-in sandbox.

      Environment:
      \(EnvironmentHelp.lines.joined(separator: "\n"))

      Exit codes: 0 ok, 1 failure, 2 usage error, 4 the account needs a reconnect.
      """
  }
}
