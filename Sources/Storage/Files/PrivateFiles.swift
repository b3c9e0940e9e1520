import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Creates the data directory (0700) and private files (0600) whatever the umask, and finds
/// the ones other users can get at. An existing path is never changed: a loose mode is
/// refused (`PrivateModes`), for the user to fix and rekey.
public enum PrivateFiles {
  /// The private paths in `home` (directory, database, WAL, SHM and, when used, the key file)
  /// that exist with a mode open to group or others.
  public static func looseModes(home: String, keyFile: Bool) -> [PrivateModes.Loose] {
    let database = "\(home)/\(Store.databaseName)"
    var paths = [(home, PrivateModes.directory)]
    paths += [database, database + "-wal", database + "-shm"].map { ($0, PrivateModes.file) }
    if keyFile {
      paths.append((KeyStore(home: home, environmentKey: nil).keyPath, PrivateModes.file))
    }
    return paths.compactMap { path, wanted in
      guard let mode = mode(of: path), PrivateModes.isLoose(mode) else { return nil }
      return PrivateModes.Loose(path: path, mode: mode, wanted: wanted)
    }
  }

  /// Refuses `home` when any of its private paths is open to other users.
  public static func checkPrivate(home: String, keyFile: Bool) throws(DomainError) {
    if let problem = PrivateModes.problem(looseModes(home: home, keyFile: keyFile)) {
      throw .failed(problem)
    }
  }

  /// Creates `path` and its parents with mode 0700 when missing; an existing directory must
  /// already be private.
  public static func ensureDirectory(_ path: String) throws(DomainError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw .storage("\(path) exists and is not a directory") }
      if let mode = mode(of: path), PrivateModes.isLoose(mode),
        let problem = PrivateModes.problem(
          [PrivateModes.Loose(path: path, mode: mode, wanted: PrivateModes.directory)])
      {
        throw .failed(problem)
      }
      return
    }
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .storage("cannot create \(path): \(error.localizedDescription)")
    }
    // Ours since a moment ago: set the mode the umask may have narrowed.
    guard chmod(path, mode_t(PrivateModes.directory)) == 0 else {
      throw .storage("cannot make \(path) private (chmod 700): \(String(cString: strerror(errno)))")
    }
  }

  /// Creates an empty file with mode 0600 when it does not exist; an existing one is left as
  /// it is.
  public static func ensureFile(_ path: String) throws(DomainError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      if errno == EEXIST { return }
      throw .storage("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    guard fchmod(fd, mode_t(PrivateModes.file)) == 0 else {
      throw .storage("cannot make \(path) private (chmod 600): \(String(cString: strerror(errno)))")
    }
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
    let written = FileIO.writeAll(contents, to: fd)
    let synced = fsync(fd) == 0
    close(fd)
    guard written, synced else {
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
