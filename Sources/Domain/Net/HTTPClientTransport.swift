import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// tractok's HTTP/1.1 client: `https://` through a TLS connector (plain `http://` for the
/// loopback sandbox), keep-alive connections reused per origin, `CONNECT` tunnels through the
/// `HTTPS_PROXY`, deadlines for connecting and for the answer, and capped answers. Redirects
/// are answers (a 3xx is returned, never followed), so a bearer token never travels elsewhere.
///
/// Each call blocks one thread of its own in `poll`, never a thread of Swift's small
/// cooperative pool, so a stalled server holds up nothing else.
public final class HTTPClientTransport: HTTPTransport {
  /// The bounds every call is held to.
  public struct Limits: Equatable, Sendable {
    /// Connecting, the proxy's tunnel and the TLS handshake together (within the call's own
    /// deadline, which also bounds the answer's head and body).
    public var connectTimeout: TimeInterval = 10
    public var maximumHeadBytes = 64 << 10
    /// The largest body accepted; TikTok's answers are a few kilobytes.
    public var maximumBodyBytes = 1 << 20
    public var idleConnectionsPerOrigin = 4
    /// How long an idle connection is reused for calls that may safely reach the server twice.
    public var idleReuse: TimeInterval = 20
    /// How long for calls that must not (a code exchange, a refresh): only a connection used
    /// moments ago, shorter than the shortest keep-alive timeout common servers use (Apache's
    /// 5 s), so its server is not about to close it under the request.
    public var idleReuseUnrepeatable: TimeInterval = 4

    public init() {}
  }

  public let limits: Limits
  private let tls: any TLSConnector
  private let proxy: ProxySettings
  private let userAgent: String?
  private let pool: ConnectionPool

  public init(
    tls: any TLSConnector, proxy: ProxySettings = ProxySettings(), limits: Limits = Limits(),
    userAgent: String? = nil
  ) {
    self.tls = tls
    self.proxy = proxy
    self.limits = limits
    self.userAgent = userAgent
    self.pool = ConnectionPool(
      maximumPerOrigin: limits.idleConnectionsPerOrigin,
      maximumIdle: max(limits.idleReuse, limits.idleReuseUnrepeatable))
  }

  public func send(_ request: ClientRequest) async -> Result<HTTPResponse, TransportFailure> {
    let cancellation = CallCancellation()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let worker = Thread { [self] in
          Self.holdBrokenPipeSignals()
          continuation.resume(returning: perform(request, cancellation: cancellation))
        }
        worker.name = "tractok-http"
        worker.start()
      }
    } onCancel: {
      cancellation.cancel()
    }
  }

  /// OpenSSL writes with write(2), which raises SIGPIPE when the server has gone (and the
  /// default action ends the process). Blocked on this call's own thread, the signal stays
  /// pending and is discarded with the thread; the write fails with EPIPE instead.
  private static func holdBrokenPipeSignals() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
  }

  /// Methods whose repetition changes nothing (RFC 9110 section 9.2.2).
  private static let repeatableMethods: Set = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]

  /// One call, blocking the calling thread until the answer, a failure or the deadline.
  func perform(_ request: ClientRequest, cancellation: CallCancellation)
    -> Result<HTTPResponse, TransportFailure>
  {
    let deadline = CallDeadline(seconds: max(request.timeout, 0.001), cancellation: cancellation)
    guard let target = RequestTarget(request.url) else { return .failure(.notSent("invalid URL")) }
    guard let bytes = target.encode(request, userAgent: userAgent) else {
      return .failure(.notSent("invalid request header"))
    }
    if target.isSecure, let problem = proxy.problem, !proxy.isExempt(target.host) {
      return .failure(.notSent(problem))
    }
    let via = target.isSecure ? proxy.proxy(forHost: target.host) : nil
    let origin =
      "\(target.isSecure ? "https" : "http")://\(target.authority)"
      + (via.map { " via \($0.host):\($0.port)" } ?? "")
    let repeatable = Self.repeatableMethods.contains(request.method)
    var mayReuse = true
    while true {
      let stream: any ByteStream
      let reused: Bool
      if mayReuse,
        let idle = pool.take(
          origin, usedWithin: repeatable ? limits.idleReuse : limits.idleReuseUnrepeatable)
      {
        stream = idle
        reused = true
      } else {
        switch open(target, via: via, deadline: deadline) {
        case .success(let opened): stream = opened
        case .failure(let failure): return .failure(failure)
        }
        reused = false
      }
      switch exchange(bytes, method: request.method, on: stream, deadline: deadline) {
      case .success(let (response, reusable)):
        if reusable { pool.put(stream, origin: origin) } else { stream.close() }
        return .success(response)
      case .failure(let failure):
        stream.close()
        // A kept connection the server closed meanwhile fails before any answer: try once on
        // a new one when the request certainly did not arrive whole, or may arrive twice.
        guard reused, !failure.answerStarted,
          failure.reason.provablyNotSent || (repeatable && failure.isConnectionLoss)
        else { return .failure(failure.reason) }
        mayReuse = false
      }
    }
  }

  /// A failed exchange and whether any byte of the answer had arrived.
  private struct ExchangeFailure: Error {
    var reason: TransportFailure
    var answerStarted: Bool

    var isConnectionLoss: Bool {
      if case .interrupted = reason { return true }
      return false
    }
  }

  private func exchange(
    _ bytes: [UInt8], method: String, on stream: any ByteStream, deadline: CallDeadline
  ) -> Result<(HTTPResponse, Bool), ExchangeFailure> {
    switch stream.write(bytes, deadline: deadline) {
    case .success: break
    case .failure(.timedOut):
      return .failure(ExchangeFailure(reason: .timedOut, answerStarted: false))
    case .failure(.cancelled):
      return .failure(ExchangeFailure(reason: .cancelled, answerStarted: false))
    case .failure(.broken(let why)):
      // Not all of the request left: the server cannot have acted on an incomplete one.
      return .failure(ExchangeFailure(reason: .notSent(why), answerStarted: false))
    }
    var reader = ResponseReader(
      stream: stream, maximumHeadBytes: limits.maximumHeadBytes,
      maximumBodyBytes: limits.maximumBodyBytes)
    let head: HTTPResponseHead
    switch reader.readHead(method: method, deadline: deadline) {
    case .success(let read): head = read
    case .failure(let failure):
      return .failure(ExchangeFailure(reason: failure, answerStarted: reader.answerStarted))
    }
    switch reader.readBody(head, deadline: deadline) {
    case .success(let (body, reusable)):
      let response = HTTPResponse(status: head.status, headers: head.headers, body: body)
      return .success((response, reusable))
    case .failure(let failure):
      return .failure(ExchangeFailure(reason: failure, answerStarted: true))
    }
  }

  /// A new connection to the target: directly or through the proxy's tunnel, then TLS for
  /// `https`, all within the connect deadline.
  private func open(
    _ target: RequestTarget, via proxy: ProxySettings.Proxy?, deadline: CallDeadline
  ) -> Result<any ByteStream, TransportFailure> {
    let connecting = deadline.limited(to: limits.connectTimeout)
    let socket: TCPSocket
    if let proxy {
      switch TCPSocket.connect(host: proxy.host, port: proxy.port, deadline: connecting) {
      case .success(let connected): socket = connected
      case .failure(.notSent(let why)):
        return .failure(.notSent("the proxy \(proxy.host):\(proxy.port): \(why)"))
      case .failure(let failure): return .failure(failure)
      }
      if let failure = ProxyTunnel.open(
        socket, to: target, via: proxy, maximumHeadBytes: limits.maximumHeadBytes,
        deadline: connecting)
      {
        socket.close()
        return .failure(failure)
      }
    } else {
      switch TCPSocket.connect(host: target.host, port: target.port, deadline: connecting) {
      case .success(let connected): socket = connected
      case .failure(let failure): return .failure(failure)
      }
    }
    guard target.isSecure else { return .success(socket) }
    let secured = tls.secure(socket, host: target.host, deadline: connecting)
    if case .failure = secured { socket.close() }
    return secured
  }
}
