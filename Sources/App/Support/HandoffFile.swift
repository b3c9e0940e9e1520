import Domain
import Foundation
import Storage

#if canImport(Glibc)
  import Glibc
#endif

/// Where the browser's handoff page lives while an attempt waits: a 0600 file in the data
/// directory's private `browser/` folder (0700), named after the process that wrote it, and
/// removed when the attempt ends whichever way it ends.
enum HandoffFile {
  static func directory(home: String) -> String { "\(home)/browser" }

  /// Writes the page for `attempt` and returns its `file://` URL; the page goes when the
  /// attempt ends. Pages that processes no longer running left behind are removed first.
  static func write(for attempt: OAuthAttempt, home: String) throws(DomainError) -> String {
    let folder = directory(home: home)
    try PrivateFiles.ensureDirectory(folder)
    removeStale(in: folder)
    let name = "connect-\(getpid())-\(Base64URL.encode(RandomToken.bytes(9))).html"
    let path = "\(folder)/\(name)"
    try PrivateFiles.writeNew(
      HandoffPage.html(authorizeURL: attempt.authorizeURL), to: path, replace: false)
    attempt.onFinish { _ in unlink(path) }
    return URL(fileURLWithPath: path).absoluteString
  }

  /// Removes pages whose writer is gone (killed before its attempt ended).
  static func removeStale(in folder: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names where name.hasPrefix("connect-") {
      let pid = name.split(separator: "-").dropFirst().first.flatMap { Int32($0) }
      guard let pid, kill(pid, 0) != 0, errno == ESRCH else { continue }
      unlink("\(folder)/\(name)")
    }
  }
}
