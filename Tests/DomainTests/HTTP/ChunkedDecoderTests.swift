import Domain
import Testing

@Suite("Chunked bodies")
struct ChunkedDecoderTests {
  static let wire = Array("5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-T: 1\r\n\r\nNEXT".utf8)

  @Test("a body arriving in pieces of any size decodes the same, and what follows is left")
  func pieces() throws {
    for size in [1, 2, 3, 7, 100] {
      var decoder = ChunkedDecoder(maximumBodyBytes: 100)
      var offset = 0
      var used: Int?
      while used == nil, offset < Self.wire.count {
        let piece = Self.wire[offset..<min(offset + size, Self.wire.count)]
        used = try decoder.feed(piece).get().map { offset + $0 }
        offset += piece.count
      }
      #expect(String(decoding: decoder.body, as: UTF8.self) == "hello, world")
      #expect(used == Self.wire.count - 4)
      #expect(decoder.isFinished)
    }
  }

  @Test(
    "malformed framing is refused",
    arguments: [
      "g\r\nx\r\n0\r\n\r\n", "5\r\nhelloX\r\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n", "\r\n",
      "123456789\r\n", "5 x\r\nhello\r\n",
    ])
  func malformed(wire: String) {
    var decoder = ChunkedDecoder(maximumBodyBytes: 1 << 20)
    #expect(decoder.feed(Array(wire.utf8)[...]) == .failure(.malformed))
  }

  @Test("a chunk that would pass the size limit is refused before its data is read")
  func tooLarge() {
    var decoder = ChunkedDecoder(maximumBodyBytes: 8)
    #expect(decoder.feed(Array("5\r\nhello\r\n4\r\n".utf8)[...]) == .failure(.tooLarge))
    #expect(decoder.body == Array("hello".utf8))
  }

  @Test("an unfinished body asks for more")
  func unfinished() {
    var decoder = ChunkedDecoder(maximumBodyBytes: 100)
    #expect(decoder.feed(Array("5\r\nhel".utf8)[...]) == .success(nil))
    #expect(!decoder.isFinished)
  }
}
