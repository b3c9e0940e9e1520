import Domain
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Shares `SandboxRecords` between processes through one JSON file, so a token one tractok
/// process's sandbox issued can be refreshed at another's.
///
/// Every transaction holds an exclusive `flock` on `<file>.lock`, reloads the records when
/// another process saved since this one last looked, runs, and replaces the file atomically
/// (temp file, fsync, rename) when the records changed. The lock file also holds a counter that
/// every save bumps, so a process that saved last does not decode its own file again.
final class SandboxStateFile: Sendable {
  /// The stored format; a file of another version counts as corrupt.
  static let formatVersion = 1

  /// What the file holds.
  private struct Document: Codable {
    var version: Int
    var records: SandboxRecords
  }

  /// Which save of the file the records in memory came from.
  private struct Version: Equatable {
    /// The counter in the lock file.
    var generation: UInt64
    /// The file's identity, size and modification time (nil when missing): catches edits and
    /// deletions by hand, which do not bump the counter.
    var stamp: [Int64]?
  }

  /// The state file's path.
  let path: String
  private let lockFD: Int32
  /// Which version the records in memory hold; nil = unknown, so load before use.
  private let loaded = Mutex<Version?>(nil)

  /// Opens (creating it 0600 if needed) the lock file beside `path`; the state file itself is
  /// read on first use.
  init(path: String) throws(DomainError) {
    guard !path.isEmpty else { throw .storage("the sandbox state file path is empty") }
    let fd = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw .storage("cannot open \(path).lock: \(String(cString: strerror(errno)))")
    }
    _ = fchmod(fd, 0o600)
    self.path = path
    lockFD = fd
  }

  deinit { close(lockFD) }

  /// Runs `body` on `state` and the sandbox's time under the lock, with records as the file
  /// holds them, and saves them (pruned) when they changed.
  ///
  /// Nil, with `state`'s records as they were, when the file could not be locked or written.
  func transaction<T>(_ state: inout SandboxState, _ body: (inout SandboxState, Date) -> T) -> T? {
    guard lock() else { return nil }
    defer { _ = flock(lockFD, LOCK_UN) }
    let generation = readGeneration()
    if loaded.withLock({ $0 }) != Version(generation: generation, stamp: stamp()) {
      state.records = load()
      // Stamped after loading, which may have moved a corrupt file aside.
      loaded.withLock { $0 = Version(generation: generation, stamp: stamp()) }
    }
    let before = state.records
    let result = body(&state, state.now)
    guard state.records != before else { return result }
    state.records.prune(now: state.now)
    guard save(state.records, generation: generation &+ 1) else {
      state.records = before
      loaded.withLock { $0 = nil }
      return nil
    }
    loaded.withLock { $0 = Version(generation: generation &+ 1, stamp: stamp()) }
    return result
  }

  private func lock() -> Bool {
    while flock(lockFD, LOCK_EX) != 0 {
      guard errno == EINTR else { return false }
    }
    return true
  }

  private func readGeneration() -> UInt64 {
    var value: UInt64 = 0
    let count = withUnsafeMutableBytes(of: &value) { pread(lockFD, $0.baseAddress, $0.count, 0) }
    return count == MemoryLayout<UInt64>.size ? UInt64(littleEndian: value) : 0
  }

  private func writeGeneration(_ generation: UInt64) -> Bool {
    var value = generation.littleEndian
    let count = withUnsafeBytes(of: &value) { pwrite(lockFD, $0.baseAddress, $0.count, 0) }
    return count == MemoryLayout<UInt64>.size
  }

  private func stamp() -> [Int64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [
      Int64(truncatingIfNeeded: info.st_dev), Int64(truncatingIfNeeded: info.st_ino),
      Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec),
    ]
  }

  /// The records in the file: empty when it is missing, and when it cannot be read or decoded,
  /// after moving it aside for a human to look at.
  private func load() -> SandboxRecords {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno != ENOENT { moveAside() }
      return SandboxRecords()
    }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    guard let data = try? handle.readToEnd(),
      let document = try? JSONDecoder().decode(Document.self, from: data),
      document.version == Self.formatVersion
    else {
      moveAside()
      return SandboxRecords()
    }
    return document.records
  }

  /// Renames the file to `<name>.corrupt-<UTC time>` (with a counter if that exists).
  private func moveAside() {
    let base = path + ".corrupt-" + SandboxIssuer.timestamp(Date())
    var target = base
    var number = 1
    while access(target, F_OK) == 0 {
      number += 1
      target = base + "-\(number)"
    }
    _ = rename(path, target)
  }

  /// Replaces the file with `records` and bumps the counter; false when anything failed.
  ///
  /// The directory is not fsynced: a power cut can at worst undo the last save, which costs
  /// only sandbox tokens.
  private func save(_ records: SandboxRecords, generation: UInt64) -> Bool {
    let document = Document(version: Self.formatVersion, records: records)
    guard let data = try? JSONEncoder().encode(document) else { return false }
    let temporary = path + ".tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    // A temporary file left by a crash keeps its old mode through O_TRUNC.
    let written =
      fchmod(fd, 0o600) == 0 && data.withUnsafeBytes { FileIO.writeAll($0, to: fd) }
      && fsync(fd) == 0
    let closed = close(fd) == 0
    // The counter moves before the rename: a crash between them costs a reload, not a stale
    // copy in another process.
    guard written, closed, writeGeneration(generation), rename(temporary, path) == 0 else {
      unlink(temporary)
      return false
    }
    return true
  }
}
