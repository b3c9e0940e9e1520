import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One admitted connection: reading the request within its limits, answering.
extension LoopbackServer {
  func serve(_ fd: Int32, serial: UInt64) {
    defer {
      state.withLock { state in
        if state.open[fd]?.serial == serial { state.open[fd] = nil }
      }
      close(fd)
    }
    var response: HTTPResponse
    switch readRequest(fd) {
    case .success(let request):
      guard beginAnswering(fd, serial: serial) else { return }
      response = handler(request)
    case .failure(.closed): return
    case .failure(.parse(let error)):
      response = HTTPResponse(
        status: error.status, contentType: "text/plain; charset=utf-8", text: "bad request\n")
    }
    // Only admitted users get here: another tractok of this user, finding the port taken,
    // learns whose it is (see `PortHolder.pidHeader`).
    response.headers.append((PortHolder.pidHeader, "\(getpid())"))
    send(fd, response)
  }

  /// Marks the connection as answering (no longer cut to make room); false when it was cut
  /// while its request arrived.
  private func beginAnswering(_ fd: Int32, serial: UInt64) -> Bool {
    state.withLock { state in
      guard state.open[fd]?.serial == serial else { return false }
      state.open[fd]?.answering = true
      return true
    }
  }

  private enum ReadFailure: Error {
    case closed
    case parse(HTTPParseError)
  }

  private func readRequest(_ fd: Int32) -> Result<HTTPRequest, ReadFailure> {
    let start = Date()
    let headDeadline = start.addingTimeInterval(min(limits.headDeadline, limits.readDeadline))
    let deadline = start.addingTimeInterval(limits.readDeadline)
    var buffer: [UInt8] = []
    var headEnd: Int?
    while headEnd == nil {
      guard buffer.count < limits.maximumHeadBytes else { return .failure(.parse(.headTooLarge)) }
      switch readSome(
        fd, into: &buffer, max: limits.maximumHeadBytes - buffer.count, until: headDeadline)
      {
      case .data: headEnd = HTTPHeadParser.endOfHead(in: buffer)
      case .closed: return .failure(.closed)
      case .timedOut: return .failure(.parse(.timedOut))
      }
    }
    guard let headEnd else { return .failure(.closed) }
    let head: HTTPRequestHead
    switch HTTPRequestParser.parse(head: buffer[0..<headEnd]) {
    case .success(let parsed): head = parsed
    case .failure(let error): return .failure(.parse(error))
    }
    guard head.contentLength <= limits.maximumBodyBytes else {
      return .failure(.parse(.bodyTooLarge))
    }
    var body = Array(buffer[headEnd...].prefix(head.contentLength))
    while body.count < head.contentLength {
      switch readSome(fd, into: &body, max: head.contentLength - body.count, until: deadline) {
      case .data: continue
      case .closed: return .failure(.closed)
      case .timedOut: return .failure(.parse(.timedOut))
      }
    }
    return .success(
      HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body))
  }

  private enum ReadOutcome {
    case data
    case closed
    case timedOut
  }

  private func readSome(_ fd: Int32, into buffer: inout [UInt8], max: Int, until deadline: Date)
    -> ReadOutcome
  {
    while true {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { return .timedOut }
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000)) + 1)
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 { continue }
      guard ready > 0 else { return .closed }
      var chunk = [UInt8](repeating: 0, count: Swift.min(max, 4096))
      let count = recv(fd, &chunk, chunk.count, 0)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return .closed }
      buffer.append(contentsOf: chunk[0..<count])
      return .data
    }
  }

  func send(_ fd: Int32, _ response: HTTPResponse, linger: Bool = true) {
    var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
    for (name, value) in response.headers where name.lowercased() != "content-length" {
      head += "\(name): \(value)\r\n"
    }
    head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
    var timeout = linger ? timeval(tv_sec: 5, tv_usec: 0) : timeval(tv_sec: 0, tv_usec: 100_000)
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let bytes = Array(head.utf8) + response.body
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if sent < 0 && errno == EINTR { continue }
      guard sent > 0 else { return }
      offset += sent
    }
    shutdown(fd, Int32(SHUT_WR))
    if linger { drain(fd) }
  }

  /// Reads (and discards) what the client still sends, briefly, so closing does not reset the
  /// connection before the client has read the response.
  private func drain(_ fd: Int32) {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    var scratch = [UInt8](repeating: 0, count: 4096)
    for _ in 0..<16 {
      guard poll(&descriptor, 1, 200) > 0, recv(fd, &scratch, scratch.count, 0) > 0 else { return }
    }
  }
}
