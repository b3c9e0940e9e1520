import Domain

/// What a command accepts: boolean flags, options taking a value (some of them repeatable),
/// and how many positionals.
struct ArgumentSpec {
  var flags: Set<String> = []
  var options: Set<String> = []
  /// Options that may be given several times (`sandbox --app KEY:SECRET`).
  var repeatable: Set<String> = []
  var positionals: ClosedRange<Int> = 0...0
  /// Whether `--` starts a command line of its own (`exec -- COMMAND ARGS...`), kept whole.
  var takesCommand = false
}

/// A command line split into flags, options and positionals, checked against a spec.
struct Arguments: Equatable {
  var flags: Set<String> = []
  var options: [String: String] = [:]
  /// The values of repeatable options, in the order given.
  var repeated: [String: [String]] = [:]
  var positionals: [String] = []
  /// What followed `--` in a spec that takes a command.
  var command: [String] = []

  /// Parses `words` (without the command name). `--name=value` and `--name value` both work;
  /// `--` ends options. Unknown or repeated options and missing values are usage errors.
  static func parse(
    _ words: [String], spec: ArgumentSpec, command: String, usage: String = ""
  ) throws(CommandFailure)
    -> Arguments
  {
    var result = Arguments()
    var index = 0
    var optionsEnded = false
    while index < words.count {
      let word = words[index]
      index += 1
      if optionsEnded || !word.hasPrefix("-") || word == "-" {
        result.positionals.append(word)
        continue
      }
      if word == "--" {
        if spec.takesCommand {
          result.command = Array(words[index...])
          break
        }
        optionsEnded = true
        continue
      }
      let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(parts[0])
      let inlineValue = parts.count == 2 ? String(parts[1]) : nil
      if spec.flags.contains(name) {
        guard inlineValue == nil else { throw .usage("\(name) takes no value") }
        result.flags.insert(name)
      } else if spec.options.contains(name) || spec.repeatable.contains(name) {
        guard result.options[name] == nil else { throw .usage("\(name) given twice") }
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard index < words.count else { throw .usage("\(name) needs a value") }
          value = words[index]
          index += 1
        }
        if spec.repeatable.contains(name) {
          result.repeated[name, default: []].append(value)
        } else {
          result.options[name] = value
        }
      } else {
        throw .usage("unknown option \(UntrustedArgument.show(name)) for `tractok \(command)`")
      }
    }
    if spec.takesCommand && result.command.isEmpty {
      throw .usage("`tractok \(command)` needs a command after `--`")
    }
    guard spec.positionals.contains(result.positionals.count) else {
      if result.positionals.count > spec.positionals.upperBound {
        let extra = result.positionals[spec.positionals.upperBound]
        throw .usage(
          "unexpected argument \(UntrustedArgument.show(extra)) for `tractok \(command)`")
      }
      let form = usage.split(separator: "\n").first.map { " (usage: tractok \($0))" } ?? ""
      throw .usage("`tractok \(command)` is missing an argument\(form)")
    }
    return result
  }

  /// An option's value as a whole number within `range` (seconds, a port, a count).
  func wholeNumber(_ name: String, in range: ClosedRange<Int>) throws(CommandFailure) -> Int? {
    guard let text = options[name] else { return nil }
    guard let value = Int(text), range.contains(value) else {
      throw .usage(
        "\(name) needs a whole number from \(range.lowerBound) to \(range.upperBound), not "
          + UntrustedArgument.show(text))
    }
    return value
  }

  /// Ten years in seconds: the most any duration option accepts.
  static let longestDuration = 10 * 365 * 86_400
}

/// Shows a word the user typed inside a message, sanitised and shortened.
enum UntrustedArgument {
  static func show(_ word: String) -> String { "\"\(UntrustedText.sanitize(word).prefix(80))\"" }
}
