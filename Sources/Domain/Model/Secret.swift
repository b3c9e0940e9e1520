/// A credential (token, code, verifier, key) whose text never appears when printed or logged.
public struct Secret: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The secret text itself; read it only where it is sent or sealed.
  public let reveal: String

  public init(_ value: String) { reveal = value }

  public var description: String { "<redacted>" }
  public var debugDescription: String { "<redacted>" }
  public var isEmpty: Bool { reveal.isEmpty }
}
