import Foundation
import Synchronization

/// The live transport: HTTP/1.1 on a new connection per call (TLS through `tls` for https), no
/// cookies, no cache, no redirects, a capped body and one hard deadline per call.
///
/// It replaced URLSession, whose FoundationNetworking brings libcurl and some thirty shared
/// libraries that every tractok process loaded at start (about 8 ms of CPU), `tractok token`
/// included, which needs no network while its token is fresh (PERFORMANCE.md B4).
public final class SocketTransport: HTTPTransport, Sendable {
  /// The largest body accepted; TikTok's answers are a few kilobytes.
  public let maximumBodyBytes: Int
  private let tls: (any TLSConnector)?

  /// `tls` makes https connections; without it only http URLs (the sandbox) work.
  public init(tls: (any TLSConnector)?, maximumBodyBytes: Int = 1 << 20) {
    self.tls = tls
    self.maximumBodyBytes = maximumBodyBytes
  }

  public func send(_ request: ClientRequest) async -> Result<HTTPResponse, TransportFailure> {
    guard let target = RequestTarget(request.url) else { return .failure(.notSent("invalid URL")) }
    guard Self.headersAreSafe(request.headers) else { return .failure(.notSent("invalid header")) }
    let timeout = max(request.timeout, 0.001)
    let cancellation = Cancellation()
    let limit = IOLimit(deadline: Date().addingTimeInterval(timeout), cancellation: cancellation)
    let answer = SingleAnswer()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        answer.deliver(to: continuation)
        // Blocking I/O on a thread of its own: Swift's pool has few threads to spare.
        Thread { answer.finish(self.exchange(request, target, limit)) }.start()
        // Name resolution cannot be interrupted, so the deadline also ends the wait itself.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout + 0.05) {
          answer.finish(.failure(.timedOut))
        }
      }
    } onCancel: {
      cancellation.cancel()
      answer.finish(.failure(.cancelled))
    }
  }

  private func exchange(_ request: ClientRequest, _ target: RequestTarget, _ limit: IOLimit)
    -> Result<HTTPResponse, TransportFailure>
  {
    var channel: any ByteChannel
    switch SocketChannel.connect(host: target.host, port: target.port, limit: limit) {
    case .success(let socket): channel = socket
    case .failure(let reason): return .failure(reason)
    }
    defer { channel.close() }
    if target.isSecure, let socket = channel as? SocketChannel {
      guard let tls else { return .failure(.notSent("https is not available")) }
      switch tls.secure(socket, host: target.host, limit: limit) {
      case .success(let secured): channel = secured
      case .failure(let reason): return .failure(reason)
      }
    }
    let message = Array(Self.head(request, target).utf8) + request.body
    if case .failure(let reason) = channel.write(message, limit: limit) {
      return .failure(reason)
    }
    var reader = HTTPResponseReader(
      channel: channel, limit: limit, maximumBodyBytes: maximumBodyBytes)
    return reader.response(method: request.method)
  }

  /// The request line and headers; framing headers are the transport's own.
  static func head(_ request: ClientRequest, _ target: RequestTarget) -> String {
    var head = "\(request.method) \(target.path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
    let reserved: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]
    for (name, value) in request.headers where !reserved.contains(name.lowercased()) {
      head += "\(name): \(value)\r\n"
    }
    if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
      head += "Content-Length: \(request.body.count)\r\n"
    }
    return head + "Connection: close\r\n\r\n"
  }

  /// No line breaks or controls in names and values: a token from a hostile answer must not
  /// be able to add headers.
  static func headersAreSafe(_ headers: [(name: String, value: String)]) -> Bool {
    headers.allSatisfy { header in
      !header.name.isEmpty && header.name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }
        && header.value.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }
    }
  }
}

/// Where a request goes: scheme, host, port, and the path with its query as sent.
struct RequestTarget: Sendable {
  let isSecure: Bool
  let host: String
  let port: Int
  let path: String
  let hostHeader: String

  init?(_ url: String) {
    guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty,
      parts.user == nil, parts.password == nil
    else { return nil }
    isSecure = scheme == "https"
    let defaultPort = isSecure ? 443 : 80
    port = parts.port ?? defaultPort
    guard (1...65535).contains(port) else { return nil }
    self.host = host
    var path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
    if let query = parts.percentEncodedQuery { path += "?" + query }
    self.path = path
    let name = host.contains(":") ? "[\(host)]" : host
    hostHeader = port == defaultPort ? name : "\(name):\(port)"
  }
}

/// Hands a call's result to its caller exactly once, whoever comes first: the I/O thread, the
/// deadline or cancellation (which may even come before the caller waits).
private final class SingleAnswer: Sendable {
  private struct State {
    var continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>?
    var early: Result<HTTPResponse, TransportFailure>?
    var answered = false
  }

  private let state = Mutex(State())

  func deliver(to continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>)
  {
    let early = state.withLock { state -> Result<HTTPResponse, TransportFailure>? in
      guard let early = state.early else {
        state.continuation = continuation
        return nil
      }
      state.answered = true
      return early
    }
    if let early { continuation.resume(returning: early) }
  }

  func finish(_ result: Result<HTTPResponse, TransportFailure>) {
    let waiting = state.withLock {
      state -> CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>? in
      guard !state.answered, state.early == nil else { return nil }
      guard let continuation = state.continuation else {
        state.early = result
        return nil
      }
      state.answered = true
      state.continuation = nil
      return continuation
    }
    waiting?.resume(returning: result)
  }
}
