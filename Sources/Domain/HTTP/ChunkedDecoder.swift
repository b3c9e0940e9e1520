/// Decodes a `Transfer-Encoding: chunked` body (RFC 9112 section 7.1) as its bytes arrive,
/// refusing malformed framing and bodies over a size limit.
public struct ChunkedDecoder: Sendable {
  /// Why a chunked body was refused.
  public enum Failure: Error, Equatable, Sendable {
    case malformed
    case tooLarge
  }

  private enum Stage: Equatable {
    case size
    case data(remaining: Int)
    case dataEnd
    case trailers
    case done
  }

  /// A chunk-size line, trailer line or the trailers together may not be longer than this.
  static let maximumLineBytes = 8192

  public let maximumBodyBytes: Int
  /// The body decoded so far.
  public private(set) var body: [UInt8] = []
  private var stage = Stage.size
  private var pending: [UInt8] = []
  private var trailerBytes = 0

  public init(maximumBodyBytes: Int) {
    self.maximumBodyBytes = maximumBodyBytes
  }

  /// Whether the last chunk and the trailers have been read.
  public var isFinished: Bool { stage == .done }

  /// Consumes `bytes`. Returns nil while the body goes on, or how many of these bytes belonged
  /// to it once it has ended (the rest belong to whatever follows on the connection).
  public mutating func feed(_ bytes: ArraySlice<UInt8>) -> Result<Int?, Failure> {
    var index = bytes.startIndex
    while index < bytes.endIndex {
      switch stage {
      case .done:
        return .success(index - bytes.startIndex)
      case .data(let remaining):
        let take = min(remaining, bytes.endIndex - index)
        body.append(contentsOf: bytes[index..<(index + take)])
        index += take
        stage = remaining == take ? .dataEnd : .data(remaining: remaining - take)
      case .size, .dataEnd, .trailers:
        let byte = bytes[index]
        index += 1
        pending.append(byte)
        guard byte == 0x0A else {
          guard pending.count <= Self.maximumLineBytes else { return .failure(.malformed) }
          continue
        }
        guard pending.count >= 2, pending[pending.count - 2] == 0x0D else {
          return .failure(.malformed)
        }
        let line = pending.dropLast(2)
        pending.removeAll(keepingCapacity: true)
        if case .failure(let failure) = finishLine(line) { return .failure(failure) }
      }
    }
    return .success(stage == .done ? index - bytes.startIndex : nil)
  }

  private mutating func finishLine(_ line: ArraySlice<UInt8>) -> Result<Void, Failure> {
    switch stage {
    case .size:
      guard let size = Self.chunkSize(line) else { return .failure(.malformed) }
      guard size <= maximumBodyBytes - body.count else { return .failure(.tooLarge) }
      stage = size == 0 ? .trailers : .data(remaining: size)
    case .dataEnd:
      guard line.isEmpty else { return .failure(.malformed) }
      stage = .size
    case .trailers:
      trailerBytes += line.count + 2
      guard trailerBytes <= Self.maximumLineBytes else { return .failure(.malformed) }
      // Trailer fields are read past, not used: nothing tractok needs is sent there.
      if line.isEmpty { stage = .done }
    case .data, .done:
      break
    }
    return .success(())
  }

  /// The hexadecimal size before any `;extension`: at most 8 digits.
  private static func chunkSize(_ line: ArraySlice<UInt8>) -> Int? {
    let digits = line.prefix { $0 != UInt8(ascii: ";") }
    var trimmed = digits[...]
    while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
    guard !trimmed.isEmpty, trimmed.count <= 8 else { return nil }
    var value = 0
    for byte in trimmed {
      let digit: Int
      switch byte {
      case 0x30...0x39: digit = Int(byte - 0x30)
      case 0x41...0x46: digit = Int(byte - 0x41 + 10)
      case 0x61...0x66: digit = Int(byte - 0x61 + 10)
      default: return nil
      }
      value = value * 16 + digit
    }
    let rest = line[digits.endIndex...]
    guard rest.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else { return nil }
    return value
  }
}
