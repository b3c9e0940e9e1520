import Domain
import Foundation

/// Opens a URL in the user's browser: `$BROWSER` when set (a `%s` in it is replaced by the
/// URL), else `xdg-open` when a desktop session is present; otherwise nothing.
enum BrowserLauncher {
  /// Starts the browser without waiting; returns a short description of what was run, or nil.
  @discardableResult
  static func open(_ url: String, configuration: Configuration) -> String? {
    var command: [String]
    if let browser = configuration.browser {
      let words = browser.split(separator: " ").map(String.init)
      command = words.contains("%s") ? words.map { $0 == "%s" ? url : $0 } : words + [url]
    } else if configuration.hasDesktop,
      FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open")
    {
      command = ["/usr/bin/xdg-open", url]
    } else {
      return nil
    }
    guard let process = ChildProcess.start("/usr/bin/env", command) else { return nil }
    // A browser that cannot start (missing, or `false`) fails at once; a real one keeps
    // running or hands over and exits 0.
    for _ in 0..<25 where process.isRunning { usleep(20_000) }
    if !process.isRunning && process.terminationStatus != 0 { return nil }
    return command.first
  }
}
