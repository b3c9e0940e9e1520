/// Why a read or write on a connection failed.
public enum StreamFailure: Error, Equatable, Sendable {
  case timedOut
  case cancelled
  /// The connection broke (reset, a TLS record that does not verify, an abrupt end of TLS).
  case broken(String)
}

/// A connected byte stream whose every wait ends at the call's deadline: a TCP socket, or a
/// TLS session over one.
///
/// A stream is used by one call at a time; the connection pool hands it from call to call
/// under its lock, which is why implementations may be `@unchecked Sendable`.
public protocol ByteStream: AnyObject, Sendable {
  /// Appends up to `maximum` bytes to `buffer`; 0 means the peer ended the stream cleanly.
  func read(into buffer: inout [UInt8], maximum: Int, deadline: CallDeadline)
    -> Result<Int, StreamFailure>

  /// Writes all of `bytes`, or fails without saying how many were accepted.
  func write(_ bytes: [UInt8], deadline: CallDeadline) -> Result<Void, StreamFailure>

  /// Whether an idle stream can carry another request: the peer has neither closed it nor
  /// sent anything unasked.
  var isIdleAndOpen: Bool { get }

  /// Ends the stream (a TLS session says goodbye first) and releases its descriptor.
  func close()
}

/// Turns a connected TCP socket into a TLS session: certificate chain checked against the
/// trust store, the certificate's name checked against `host`, by the deadline.
///
/// Domain has no TLS of its own; Storage implements this over OpenSSL and App wires it in.
public protocol TLSConnector: Sendable {
  func secure(_ socket: TCPSocket, host: String, deadline: CallDeadline)
    -> Result<any ByteStream, TransportFailure>
}
