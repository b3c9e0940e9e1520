#if canImport(Glibc)
  import Glibc
#endif

/// Small files and whole buffers through read(2) and write(2). Foundation's file reading and
/// FileHandle cost every `tractok token` a measurable part of its start (B4).
public enum FileIO {
  /// Writes every byte, retrying after signals and waiting while a non-blocking descriptor is
  /// full; false when the descriptor refuses one (errno says why).
  public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var offset = 0
    while offset < bytes.count {
      let count = write(fd, base + offset, bytes.count - offset)
      if count < 0 && errno == EINTR { continue }
      if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
        var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        _ = poll(&ready, 1, -1)
        continue
      }
      guard count > 0 else { return false }
      offset += count
    }
    return true
  }

  /// Writes the UTF-8 of `text`.
  @discardableResult
  public static func writeAll(_ text: String, to fd: Int32) -> Bool {
    var text = text
    return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
  }

  /// The UTF-8 text of the file at `path`; nil when it cannot be read, holds more than `limit`
  /// bytes (errno is then EFBIG) or is not UTF-8 (EILSEQ): errno says why. A FIFO in its place
  /// does not block the reader.
  public static func readText(_ path: String, limit: Int = 1 << 20) -> String? {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(fd, &chunk, chunk.count)
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { return nil }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      guard bytes.count <= limit else {
        errno = EFBIG
        return nil
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      errno = EILSEQ
      return nil
    }
    return text
  }
}
