import Domain
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("reading and writing files with read(2) and write(2)")
struct FileIOTests {
  let directory = TemporaryDirectory("tractok-fileio")

  @Test("what writeAll writes, readText reads back, across many reads")
  func roundTrip() throws {
    let path = directory.file("text")
    let text = String(repeating: "é key line\n", count: 2_000)
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    #expect(fd >= 0)
    #expect(FileIO.writeAll(text, to: fd))
    close(fd)
    #expect(FileIO.readText(path) == text)
  }

  @Test(
    "a missing file, one over the limit and one that is not UTF-8 read as nil, errno saying why")
  func refusals() throws {
    #expect(FileIO.readText(directory.file("missing")) == nil)
    #expect(errno == ENOENT)
    let big = directory.file("big")
    try Data(repeating: 0x41, count: 100).write(to: URL(fileURLWithPath: big))
    #expect(FileIO.readText(big, limit: 99) == nil)
    #expect(errno == EFBIG)
    #expect(FileIO.readText(big, limit: 100) == String(repeating: "A", count: 100))
    let binary = directory.file("binary")
    try Data([0x66, 0xFF, 0x66]).write(to: URL(fileURLWithPath: binary))
    #expect(FileIO.readText(binary) == nil)
    #expect(errno == EILSEQ)
  }

  @Test("a FIFO where a file should be does not block the reader")
  func fifo() {
    let path = directory.file("fifo")
    #expect(mkfifo(path, 0o600) == 0)
    // On a thread of its own, so a reader that blocks fails the test instead of hanging it.
    let reading = Background { FileIO.readText(path) ?? "(nil)" }
    #expect(reading.wait(timeout: 5) == "")
  }

  @Test("a non-blocking pipe that fills up is waited for, and every byte arrives in order")
  func fullPipe() {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let (reader, writer) = (ends[0], ends[1])
    defer { close(reader) }
    _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
    // Four times a pipe's default capacity, read slowly: writes come back partial or EAGAIN.
    let text = String(repeating: "abcdefghijklmnopqrstuvwxyz012345", count: 8 * 1024)
    let draining = Background { () -> [UInt8] in
      var received: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 1000)
      while true {
        usleep(100)
        let count = read(reader, &chunk, chunk.count)
        guard count > 0 else { return received }
        received += chunk[0..<count]
      }
    }
    #expect(FileIO.writeAll(text, to: writer))
    close(writer)
    #expect(draining.wait(timeout: 30) == Array(text.utf8))
  }

  @Test("a descriptor that refuses writing is reported")
  func refusedWrite() {
    let fd = open("/dev/null", O_RDONLY)
    defer { close(fd) }
    #expect(!FileIO.writeAll("x", to: fd))
  }
}
