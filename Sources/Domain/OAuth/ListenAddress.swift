import Foundation

/// Where the callback listener binds: always loopback, on a port (0 = any free port).
public struct ListenAddress: Equatable, Sendable {
  public let host: String
  public let port: Int

  /// `localhost` names both 127.0.0.1 and ::1, and a browser may try either: both are bound,
  /// or another user listening on the one left free would receive the redirect.
  public var interfaces: Set<LoopbackInterface> {
    host == "localhost" ? [.ipv4, .ipv6] : [.ipv4]
  }

  public init?(host: String, port: Int) {
    guard host == "127.0.0.1" || host == "localhost", (0...65535).contains(port) else { return nil }
    self.host = host
    self.port = port
  }

  /// Parses `TRACTOK_LISTEN`: `127.0.0.1:9000`, `localhost:9000`, `:9000` or `9000`.
  public static func parse(_ text: String) -> Result<ListenAddress, DomainError> {
    let trimmed = text.trimmingSpaces()
    let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
    let hostText = parts.count == 2 ? String(parts[0]) : ""
    let portText = parts.last.map(String.init) ?? ""
    guard parts.count <= 2, !portText.isEmpty,
      portText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
      portText.count <= 5, let port = Int(portText), (1...65535).contains(port)
    else {
      return .failure(.failed("TRACTOK_LISTEN must look like 127.0.0.1:9000 (a loopback port)"))
    }
    guard let address = ListenAddress(host: hostText.isEmpty ? "127.0.0.1" : hostText, port: port)
    else {
      return .failure(
        .failed(
          "TRACTOK_LISTEN must use 127.0.0.1 or localhost; the listener never leaves loopback"))
    }
    return .success(address)
  }

  /// The address implied by a loopback redirect URI (`*` port: any free port).
  public static func implied(by redirect: RedirectURI) -> Result<ListenAddress, DomainError> {
    guard redirect.isLoopback else {
      return .failure(
        .failed(
          "the redirect URI's host is \(UntrustedText.sanitize(redirect.host)), not loopback; "
            + "set TRACTOK_LISTEN to the local address your proxy forwards to"))
    }
    let port: Int
    switch redirect.port {
    case .number(let number)?: port = number
    case .any?: port = 0
    case nil:
      return .failure(.failed("the redirect URI has no port; desktop redirect URIs need one"))
    }
    guard let address = ListenAddress(host: redirect.host, port: port) else {
      return .failure(.failed("the redirect URI's port is not usable"))
    }
    return .success(address)
  }
}
