import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A lock file held for a process's lifetime (`flock`, released by the kernel when the process
/// ends, however it ends), with the holder's pid inside so a second process can name it.
final class SingleInstanceLock {
  private let descriptor: Int32

  /// Why the lock was not taken.
  enum Refusal: Error, Equatable {
    /// Another live process holds it; its pid, when it wrote one.
    case held(by: Int32?)
    case unusable(String)
  }

  /// Takes the lock at `path` (created 0600) without waiting.
  init(path: String) throws(Refusal) {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw .unusable("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let busy = errno == EWOULDBLOCK
      var buffer = [UInt8](repeating: 0, count: 32)
      let count = pread(fd, &buffer, buffer.count, 0)
      close(fd)
      guard busy else { throw .unusable("cannot lock \(path)") }
      let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
      throw .held(by: Int32(text.trimmingWhitespace()))
    }
    let pid = Array("\(getpid())\n".utf8)
    _ = ftruncate(fd, 0)
    _ = pwrite(fd, pid, pid.count, 0)
    descriptor = fd
  }

  deinit {
    _ = ftruncate(descriptor, 0)
    close(descriptor)
  }
}
