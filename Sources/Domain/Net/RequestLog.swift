import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One call to TikTok as the request log records it: no query values, no bodies, no headers.
public struct RequestLogEntry: Equatable, Sendable {
  public var date: Date
  public var method: String
  /// The path plus only the query parameters known to be harmless (`fields`, `max_count`).
  public var target: String
  /// The HTTP status, or nil when no response came.
  public var status: Int?
  /// Why there was no response (`timed out`, `connection refused`, ...).
  public var failure: String?
  public var durationMilliseconds: Int
  public var logID: String?
  /// 1 for the first try, 2 for the first retry, ...
  public var attempt: Int

  public init(
    date: Date, method: String, url: String, status: Int?, failure: String? = nil,
    durationMilliseconds: Int, logID: String? = nil, attempt: Int = 1
  ) {
    self.date = date
    self.method = method
    self.target = Self.pathAndSafeQuery(of: url)
    self.status = status
    self.failure = failure
    self.durationMilliseconds = durationMilliseconds
    self.logID = logID
    self.attempt = attempt
  }

  /// Query parameters whose values may be written; every other value becomes `<redacted>`.
  /// An allow-list, so a parameter added later (say `code` or `access_token`) stays hidden.
  static let loggableParameters: Set<String> = ["fields", "max_count"]

  /// The path of `url` with every query value outside the allow-list replaced.
  public static func pathAndSafeQuery(of url: String) -> String {
    var rest = Substring(url)
    if let scheme = rest.range(of: "://") {
      rest = rest[scheme.upperBound...]
      rest = rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...]
    }
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    guard let mark = rest.firstIndex(of: "?") else { return clean(rest.isEmpty ? "/" : rest) }
    let path = rest[..<mark]
    let pairs = rest[rest.index(after: mark)...].split(separator: "&").map { pair -> String in
      let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      return loggableParameters.contains(name) ? String(pair) : "\(name)=<redacted>"
    }
    return clean(path) + "?" + clean(Substring(pairs.joined(separator: "&")))
  }

  /// The log line, without a trailing newline.
  public var line: String {
    let stamp = ISO8601DateFormatter().string(from: date)
    let outcome = status.map(String.init) ?? "-"
    var text = "\(stamp) \(Self.clean(Substring(method))) \(target) \(outcome)"
    text += " \(durationMilliseconds)ms"
    text += " log_id=\(logID.map { Self.clean(untrusted: $0) } ?? "-")"
    if attempt > 1 { text += " attempt=\(attempt)" }
    if let failure { text += " error=\"\(Self.clean(untrusted: failure, keepingSpaces: true))\"" }
    return text
  }

  /// Text from TikTok: sanitised as on screen and in JSON first (escape sequences go whole, not
  /// just their ESC), then made one printable ASCII token.
  private static func clean(untrusted text: String, keepingSpaces: Bool = false) -> String {
    clean(Substring(UntrustedText.sanitize(text)), keepingSpaces: keepingSpaces)
  }

  /// Printable ASCII without quotes (and spaces unless kept), so an entry is one unambiguous line.
  private static func clean(_ text: Substring, keepingSpaces: Bool = false) -> String {
    let lowest: UInt32 = keepingSpaces ? 0x20 : 0x21
    return String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { scalar in
          (lowest...0x7E).contains(scalar.value) && scalar != "\"" ? scalar : "_"
        }))
  }
}

/// Where the client reports each call.
public protocol RequestLog: Sendable {
  func record(_ entry: RequestLogEntry)
}

/// A log that drops everything (tests, `--quiet` paths).
public struct NoRequestLog: RequestLog {
  public init() {}
  public func record(_ entry: RequestLogEntry) {}
}

/// Appends one line per call to `$TRACTOK_HOME/tractok.log`, created with mode 0600.
///
/// Each line goes out in one `write` on an `O_APPEND` descriptor, so lines from several
/// processes never interleave. A log that cannot be written never fails a call.
public final class FileRequestLog: RequestLog {
  public static let fileName = "tractok.log"
  public let path: String
  private let descriptor: Mutex<Int32>

  /// Opens (creating when needed) `directory/tractok.log`.
  public convenience init(home directory: String) {
    self.init(path: (directory as NSString).appendingPathComponent(Self.fileName))
  }

  /// Opens (creating when needed) the log file at `path`.
  public init(path: String) {
    self.path = path
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    // An existing file keeps its mode on open; force 0600 so a looser one is tightened.
    if fd >= 0 { fchmod(fd, 0o600) }
    descriptor = Mutex(fd)
  }

  deinit {
    descriptor.withLock { fd in
      if fd >= 0 { close(fd) }
    }
  }

  public func record(_ entry: RequestLogEntry) {
    let bytes = Array((entry.line + "\n").utf8)
    descriptor.withLock { fd in
      guard fd >= 0 else { return }
      _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
  }
}
