/// Opens a tunnel through an HTTP proxy with `CONNECT`, before TLS starts inside it.
enum ProxyTunnel {
  /// Asks the proxy on `socket` for a tunnel to the target; nil once it stands. Every failure is
  /// `.notSent` (or `.cancelled`): the request itself has not left yet.
  static func open(
    _ socket: TCPSocket, to target: RequestTarget, via proxy: ProxySettings.Proxy,
    maximumHeadBytes: Int, deadline: CallDeadline
  ) -> TransportFailure? {
    let authority = target.tunnelAuthority
    var head = "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n"
    if let authorization = proxy.authorization {
      head += "Proxy-Authorization: \(authorization.reveal)\r\n"
    }
    switch socket.write(Array((head + "\r\n").utf8), deadline: deadline) {
    case .success: break
    case .failure(.cancelled): return .cancelled
    case .failure(.timedOut): return .notSent("the proxy did not take the CONNECT request in time")
    case .failure(.broken(let why)): return .notSent("the proxy: \(why)")
    }
    var reader = ResponseReader(
      stream: socket, maximumHeadBytes: maximumHeadBytes, maximumBodyBytes: 0)
    switch reader.readHead(method: "CONNECT", deadline: deadline) {
    case .success(let answer) where (200...299).contains(answer.status):
      // The target speaks first only after the TLS client hello; earlier bytes are not its.
      return reader.hasUnreadBytes ? .notSent("the proxy sent data before the tunnel opened") : nil
    case .success(let answer) where answer.status == 407:
      return .notSent(
        "the proxy asks for credentials (HTTP 407); give them in HTTPS_PROXY as "
          + "http://user:password@host:port")
    case .success(let answer):
      return .notSent("the proxy refused the tunnel to \(authority) (HTTP \(answer.status))")
    case .failure(.cancelled): return .cancelled
    case .failure(.timedOut): return .notSent("the proxy did not answer CONNECT in time")
    case .failure(.responseTooLarge): return .notSent("the proxy's answer to CONNECT is too large")
    case .failure(.notSent(let why)), .failure(.interrupted(let why)),
      .failure(.untrusted(let why)):
      return .notSent("the proxy's answer to CONNECT: \(why)")
    }
  }
}
