import Domain
import Foundation

/// Opens an attempt's authorize page in the user's browser: `$BROWSER` when set (a
/// colon-separated list of commands, tried in order until one starts; a `%s` in a command is
/// replaced by the URL), else `xdg-open` when a desktop session is present; otherwise nothing.
/// The browser gets the `file://` URL of a private handoff page (`HandoffFile`), never the
/// authorize URL itself: a program's arguments are visible to every user.
enum BrowserLauncher {
  /// Starts the browser without waiting; returns a short description of what was run, or nil.
  @discardableResult
  static func open(_ attempt: OAuthAttempt, configuration: Configuration) -> String? {
    let commands: [[String]]
    if let browser = configuration.browser {
      commands = browser.split(separator: ":").map { $0.split(separator: " ").map(String.init) }
        .filter { !$0.isEmpty }
    } else if configuration.hasDesktop,
      FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open")
    {
      commands = [["/usr/bin/xdg-open"]]
    } else {
      return nil
    }
    guard !commands.isEmpty,
      let url = try? HandoffFile.write(for: attempt, home: configuration.home)
    else { return nil }
    for words in commands {
      let command =
        words.contains { $0.contains("%s") }
        ? words.map { $0.replacingOccurrences(of: "%s", with: url) } : words + [url]
      if start(command) { return command.first }
    }
    return nil
  }

  /// Whether `command` started: a browser that cannot (missing, or `false`) fails at once; a
  /// real one keeps running or hands over and exits 0.
  private static func start(_ command: [String]) -> Bool {
    guard let process = ChildProcess.start("/usr/bin/env", command) else { return false }
    for _ in 0..<25 where process.isRunning { usleep(20_000) }
    return process.isRunning || process.terminationStatus == 0
  }
}
