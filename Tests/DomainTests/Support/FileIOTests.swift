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

  @Test("a missing file, one over the limit and one that is not UTF-8 read as nil")
  func refusals() throws {
    #expect(FileIO.readText(directory.file("missing")) == nil)
    let big = directory.file("big")
    try Data(repeating: 0x41, count: 100).write(to: URL(fileURLWithPath: big))
    #expect(FileIO.readText(big, limit: 99) == nil)
    #expect(FileIO.readText(big, limit: 100) == String(repeating: "A", count: 100))
    let binary = directory.file("binary")
    try Data([0x66, 0xFF, 0x66]).write(to: URL(fileURLWithPath: binary))
    #expect(FileIO.readText(binary) == nil)
  }

  @Test("a FIFO where a file should be does not block the reader")
  func fifo() {
    let path = directory.file("fifo")
    #expect(mkfifo(path, 0o600) == 0)
    #expect(FileIO.readText(path) == "")
  }

  @Test("a descriptor that refuses writing is reported")
  func refusedWrite() {
    let fd = open("/dev/null", O_RDONLY)
    defer { close(fd) }
    #expect(!FileIO.writeAll("x", to: fd))
  }
}
