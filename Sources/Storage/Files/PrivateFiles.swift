import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Creates and checks the data directory (0700) and private files (0600) whatever the umask.
public enum PrivateFiles {
  /// Creates `path` and its parents when missing, then makes `path` itself 0700.
  public static func ensureDirectory(_ path: String) throws(DomainError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw .storage("\(path) exists and is not a directory") }
    } else {
      do {
        try FileManager.default.createDirectory(
          atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw .storage("cannot create \(path): \(error.localizedDescription)")
      }
    }
    guard chmod(path, 0o700) == 0 else {
      throw .storage("cannot make \(path) private (chmod 700): \(String(cString: strerror(errno)))")
    }
  }

  /// Creates an empty file with mode 0600 if it does not exist; tightens it to 0600 if it does.
  public static func ensureFile(_ path: String) throws(DomainError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw .storage("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    guard fchmod(fd, 0o600) == 0 else {
      throw .storage("cannot make \(path) private (chmod 600): \(String(cString: strerror(errno)))")
    }
  }

  /// Tightens an existing file to 0600; a missing file is fine.
  public static func restrictIfPresent(_ path: String) {
    _ = chmod(path, 0o600)
  }

  /// Writes `contents` to `path` with mode 0600 atomically (temp file, fsync, then rename, or
  /// link when an existing file must not be replaced). Returns false when `replace` is off and
  /// the file already exists (another process created it first).
  @discardableResult
  public static func writeNew(_ contents: String, to path: String, replace: Bool)
    throws(DomainError)
    -> Bool
  {
    let temporary = "\(path).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw .storage("cannot write \(path): \(String(cString: strerror(errno)))")
    }
    defer { unlink(temporary) }
    let bytes = Array(contents.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    let synced = fsync(fd) == 0
    close(fd)
    guard written == bytes.count, synced else {
      throw .storage("cannot write \(path): \(String(cString: strerror(errno)))")
    }
    let placed = replace ? rename(temporary, path) : link(temporary, path)
    if placed != 0 {
      if !replace && errno == EEXIST { return false }
      throw .storage("cannot write \(path): \(String(cString: strerror(errno)))")
    }
    syncDirectory(of: path)
    return true
  }

  /// Fsyncs the directory holding `path` so a rename survives a crash.
  public static func syncDirectory(of path: String) {
    let directory = (path as NSString).deletingLastPathComponent
    let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  /// The permission bits of `path`, or nil when it does not exist.
  public static func mode(of path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode & 0o777)
  }
}
