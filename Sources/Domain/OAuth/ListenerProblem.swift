/// Why a browser sign-in has no loopback listener. The browser cannot come back to this
/// tractok then, but the attempt itself goes on: paste-back (and a QR code) need no port.
public enum ListenerProblem: Equatable, Sendable {
  /// Another socket holds the redirect URI's fixed port on this address.
  case inUse(LoopbackInterface, port: Int)
  /// The listener could not start for another reason.
  case failed(String)

  /// Where the port is in use: `port 8723`, or `port 8723 on ::1`.
  var place: String {
    switch self {
    case .inUse(.ipv4, let port): "port \(port)"
    case .inUse(.ipv6, let port): "port \(port) on ::1"
    case .failed: "the port"
    }
  }

  /// What holds the port, or what failed: "port 8723 is held by your tractok (pid 4242)".
  /// `holder` is nil when nothing says who (the holder left meanwhile, or cannot be seen).
  public func reason(holder: PortHolder?) -> String {
    switch (self, holder) {
    case (.failed(let text), _): "the callback listener could not start: \(text)"
    case (.inUse, .otherUser?): "\(place) is taken by another user"
    case (.inUse, let holder?): "\(place) is held by \(holder.phrase)"
    case (.inUse, nil): "\(place) is already in use"
    }
  }

  /// How to get the browser method back, when something can be said.
  public var remedy: String? {
    switch self {
    case .failed: nil
    case .inUse(let interface, _):
      "stop that program, or let tractok take any free port: register "
        + "\(Configuration.defaultRedirectURI) at TikTok and set TIKTOK_REDIRECT_URI to it"
        + (interface == .ipv6 ? " (a 127.0.0.1 redirect URI needs no ::1 either)" : "")
    }
  }

  /// The whole story for a screen or a terminal: why the browser cannot come back, and how to
  /// get the browser method back.
  public func explanation(holder: PortHolder?) -> String {
    "The browser cannot come back to this tractok: \(reason(holder: holder))."
      + (remedy.map { " To use the browser method, \($0)." } ?? "")
  }
}
