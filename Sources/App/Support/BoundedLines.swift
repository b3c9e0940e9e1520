/// Splits a byte stream into lines of at most `limit` bytes while never holding more than
/// that: a longer line is reported once as `.tooLong` and dropped up to its end, so a
/// gigantic paste costs no memory.
struct BoundedLines {
  enum Event: Equatable {
    /// A line without its `\n` (or `\r\n`); invalid UTF-8 is replaced.
    case line(String)
    case tooLong
  }

  let limit: Int
  private var pending: [UInt8] = []
  private var discarding = false

  init(limit: Int) { self.limit = limit }

  /// The lines that `bytes` complete.
  mutating func feed(_ bytes: ArraySlice<UInt8>) -> [Event] {
    var events: [Event] = []
    var rest = bytes
    while !rest.isEmpty {
      let newline = rest.firstIndex(of: 0x0A)
      let piece = rest[..<(newline ?? rest.endIndex)]
      if !discarding {
        if pending.count + piece.count > limit {
          discarding = true
          pending = []
          events.append(.tooLong)
        } else {
          pending.append(contentsOf: piece)
        }
      }
      guard let newline else { break }
      if !discarding { events.append(.line(Self.text(pending))) }
      discarding = false
      pending.removeAll(keepingCapacity: true)
      rest = rest[(newline + 1)...]
    }
    return events
  }

  /// End of input: the last line, when it had no newline.
  mutating func finish() -> [Event] {
    defer { pending = [] }
    return discarding || pending.isEmpty ? [] : [.line(Self.text(pending))]
  }

  private static func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes[...], as: UTF8.self)
  }
}
