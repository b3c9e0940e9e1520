import Domain
import Foundation

/// Opens an attempt's authorize page in the user's browser: `$BROWSER` when set (a `%s` in it
/// is replaced by the URL), else `xdg-open` when a desktop session is present; otherwise
/// nothing. The browser gets the `file://` URL of a private handoff page (`HandoffFile`),
/// never the authorize URL itself: a program's arguments are visible to every user.
enum BrowserLauncher {
  /// Starts the browser without waiting; returns a short description of what was run, or nil.
  @discardableResult
  static func open(_ attempt: OAuthAttempt, configuration: Configuration) -> String? {
    let words: [String]
    if let browser = configuration.browser {
      words = browser.split(separator: " ").map(String.init)
    } else if configuration.hasDesktop,
      FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open")
    {
      words = ["/usr/bin/xdg-open"]
    } else {
      return nil
    }
    guard let url = try? HandoffFile.write(for: attempt, home: configuration.home) else {
      return nil
    }
    let command = words.contains("%s") ? words.map { $0 == "%s" ? url : $0 } : words + [url]
    guard let process = ChildProcess.start("/usr/bin/env", command) else { return nil }
    // A browser that cannot start (missing, or `false`) fails at once; a real one keeps
    // running or hands over and exits 0.
    for _ in 0..<25 where process.isRunning { usleep(20_000) }
    if !process.isRunning && process.terminationStatus != 0 { return nil }
    return command.first
  }
}
