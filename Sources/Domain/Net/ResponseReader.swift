/// Reads one response, head then body, from a stream within the call's deadline and the size
/// limits; every failure is a `TransportFailure` with a short phrase.
struct ResponseReader {
  let stream: any ByteStream
  let maximumHeadBytes: Int
  let maximumBodyBytes: Int
  /// Bytes read and not yet consumed.
  private var buffer: [UInt8] = []
  /// Whether any byte of the answer has arrived: a failure before that, on a reused
  /// connection, is the server having closed it meanwhile.
  private(set) var answerStarted = false

  private static let readSize = 16384

  /// Whether bytes beyond what was parsed have arrived.
  var hasUnreadBytes: Bool { !buffer.isEmpty }

  init(stream: any ByteStream, maximumHeadBytes: Int, maximumBodyBytes: Int) {
    self.stream = stream
    self.maximumHeadBytes = maximumHeadBytes
    self.maximumBodyBytes = maximumBodyBytes
  }

  /// Reads the head of the answer to `method`, skipping interim (1xx) answers.
  mutating func readHead(method: String, deadline: CallDeadline)
    -> Result<HTTPResponseHead, TransportFailure>
  {
    while true {
      let end: Int
      while true {
        if let found = HTTPHeadParser.endOfHead(in: buffer) {
          end = found
          break
        }
        guard buffer.count < maximumHeadBytes else { return .failure(.responseTooLarge) }
        switch fill(deadline) {
        case .failed(let failure): return .failure(failure)
        case .ended(let abruptly):
          return .failure(
            .interrupted(
              answerStarted
                ? "the answer ended before its headers did"
                : abruptly ?? "the server closed the connection without answering"))
        case .data: continue
        }
      }
      guard end <= maximumHeadBytes else { return .failure(.responseTooLarge) }
      let parsed = HTTPResponseParser.parse(head: buffer[0..<end], method: method)
      buffer.removeFirst(end)
      switch parsed {
      case .failure(let error): return .failure(.interrupted("the answer had \(error.phrase)"))
      case .success(let head) where head.isInterim: continue
      case .success(let head): return .success(head)
      }
    }
  }

  /// Reads the body `head` announces. `reusable` says whether the connection may carry another
  /// request: the server keeps it, the body had a known end, and nothing followed it.
  mutating func readBody(_ head: HTTPResponseHead, deadline: CallDeadline)
    -> Result<(body: [UInt8], reusable: Bool), TransportFailure>
  {
    let body: [UInt8]
    switch head.framing {
    case .none:
      body = []
    case .length(let length):
      guard length <= maximumBodyBytes else { return .failure(.responseTooLarge) }
      while buffer.count < length {
        switch fill(deadline) {
        case .failed(let failure): return .failure(failure)
        case .ended:
          return .failure(
            .interrupted("the answer ended after \(buffer.count) of its \(length) bytes"))
        case .data: continue
        }
      }
      body = Array(buffer[0..<length])
      buffer.removeFirst(length)
    case .chunked:
      switch readChunked(deadline) {
      case .success(let decoded): body = decoded
      case .failure(let failure): return .failure(failure)
      }
    case .untilClose:
      while true {
        guard buffer.count <= maximumBodyBytes else { return .failure(.responseTooLarge) }
        switch fill(deadline) {
        case .failed(let failure): return .failure(failure)
        case .ended(abruptly: nil): return .success((buffer, false))
        case .ended(abruptly: let why?): return .failure(.interrupted(why))
        case .data: continue
        }
      }
    }
    return .success((body, head.keepsConnection && buffer.isEmpty))
  }

  private mutating func readChunked(_ deadline: CallDeadline) -> Result<[UInt8], TransportFailure> {
    var decoder = ChunkedDecoder(maximumBodyBytes: maximumBodyBytes)
    while true {
      switch decoder.feed(buffer[...]) {
      case .failure(.tooLarge): return .failure(.responseTooLarge)
      case .failure(.malformed): return .failure(.interrupted("the answer had malformed chunks"))
      case .success(.some(let used)):
        buffer.removeFirst(used)
        return .success(decoder.body)
      case .success(.none):
        buffer.removeAll(keepingCapacity: true)
      }
      switch fill(deadline) {
      case .failed(let failure): return .failure(failure)
      case .ended: return .failure(.interrupted("the answer ended before its last chunk"))
      case .data: continue
      }
    }
  }

  /// What one read brought.
  private enum Fill {
    case data
    /// The stream ended: cleanly (nil), or abruptly with a reason (a reset, a TLS session
    /// cut without its closing message), which only a body delimited by the close cares about.
    case ended(abruptly: String?)
    case failed(TransportFailure)
  }

  /// Reads what the stream has.
  private mutating func fill(_ deadline: CallDeadline) -> Fill {
    switch stream.read(into: &buffer, maximum: Self.readSize, deadline: deadline) {
    case .success(0): return .ended(abruptly: nil)
    case .success:
      answerStarted = true
      return .data
    case .failure(.timedOut): return .failed(.timedOut)
    case .failure(.cancelled): return .failed(.cancelled)
    case .failure(.broken(let why)): return .ended(abruptly: why)
    }
  }
}
