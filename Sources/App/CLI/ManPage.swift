import Foundation

/// `docs/tractok.1`, written from the same texts as `--help` (a test keeps the file current).
enum ManPage {
  static func render() -> String {
    var page = [
      ".TH TRACTOK 1 \"\" \"tractok \(Program.version)\" \"User Commands\"",
      ".SH NAME",
      "tractok \\- every TikTok account you manage, in one terminal",
      ".SH SYNOPSIS",
      ".B tractok",
      "[\\-\\-profile NAME]",
      ".br",
      ".B tractok",
      "[\\-\\-profile NAME] COMMAND [OPTIONS]",
      ".br",
      ".B tractok",
      "\\-\\-version | \\-\\-help",
      ".SH DESCRIPTION",
      text(
        "tractok alone opens the full-screen UI. Without TIKTOK_CLIENT_KEY it runs on its "
          + "built-in sandbox. Every command has --help."),
      ".SH COMMANDS",
    ]
    for command in Program.commands {
      for usage in command.usage.split(separator: "\n") {
        page.append(".SS \(text("tractok \(usage)"))")
      }
      page.append(text(command.summary))
      page.append(".PP")
      page.append(".nf")
      page.append(contentsOf: command.details.split(separator: "\n", omittingEmptySubsequences: false).map { text(String($0)) })
      page.append(".fi")
    }
    page.append(".SH ENVIRONMENT")
    for variable in EnvironmentHelp.variables {
      page += [".TP", ".B \(text(variable.name))", text(variable.meaning)]
    }
    page += [
      ".SH EXIT STATUS",
      text("0 ok, 1 failure, 2 usage error, 4 the account needs a reconnect."),
    ]
    return page.joined(separator: "\n") + "\n"
  }

  /// A line of text as roff shows it literally: backslashes and dashes escaped, and a leading
  /// `.` or `'` kept from being read as a request.
  static func text(_ line: String) -> String {
    let escaped = line.replacingOccurrences(of: "\\", with: "\\e")
      .replacingOccurrences(of: "-", with: "\\-")
    return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
  }
}
