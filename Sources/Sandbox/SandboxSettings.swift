/// How the sandbox behaves: lifetimes, rate limit, the registered app and its redirect URIs.
public struct SandboxSettings: Sendable, Equatable {
  /// Seconds an access token lives (TikTok's newer pages say 2 hours).
  public var accessTTL: Int
  /// Seconds a grant's refresh token lives from the first exchange; a refresh never extends it.
  public var refreshTTL: Int
  /// Seconds an authorization code can be exchanged (TikTok: "seconds to minutes").
  public var codeTTL: Int
  /// Requests per 60-second sliding window, per endpoint and token (or client_key); 0 = unlimited.
  public var rateLimit: Int
  /// Seconds a QR code stays scannable.
  public var qrTTL: Int
  /// The registered app's key.
  public var clientKey: String
  /// The registered app's secret (public by design: it only opens this sandbox).
  public var clientSecret: String
  /// Registered redirect URIs: exact byte match, or `*` in place of the port for any port.
  public var redirectURIs: [String]
  /// The redirect URI a QR confirmation hands back (with `?code=...&state=...` appended).
  public var qrRedirectURI: String
  /// The port to listen on; 0 picks a free one. Fixed once the server runs.
  public var port: Int
  /// Where the records (codes, grants, tokens, QR codes, rate windows, ledger, clock offset)
  /// are shared with every other sandbox using the same file, e.g. one in each tractok process
  /// on a data directory; nil keeps them in memory. Fixed once the server runs.
  public var stateFile: String?

  public init(
    accessTTL: Int = 7200, refreshTTL: Int = 15_552_000, codeTTL: Int = 60, rateLimit: Int = 600,
    qrTTL: Int = 300, clientKey: String = "sbx_tractok_desktop",
    clientSecret: String = "sbx_secret_not_for_production",
    redirectURIs: [String] = ["http://127.0.0.1:*/callback/", "http://localhost:*/callback/"],
    qrRedirectURI: String = "http://127.0.0.1:8723/callback/", port: Int = 0,
    stateFile: String? = nil
  ) {
    self.accessTTL = accessTTL
    self.refreshTTL = refreshTTL
    self.codeTTL = codeTTL
    self.rateLimit = rateLimit
    self.qrTTL = qrTTL
    self.clientKey = clientKey
    self.clientSecret = clientSecret
    self.redirectURIs = redirectURIs
    self.qrRedirectURI = qrRedirectURI
    self.port = port
    self.stateFile = stateFile
  }

  /// Whether `uri` matches a registered redirect URI the way TikTok compares them.
  public func isRegistered(redirectURI uri: String) -> Bool {
    redirectURIs.contains { Self.matches(uri, pattern: $0) }
  }

  /// Byte-for-byte equality, except that a `:*` port in the pattern stands for any valid port.
  static func matches(_ uri: String, pattern: String) -> Bool {
    if uri.utf8.elementsEqual(pattern.utf8) { return true }
    guard let star = pattern.range(of: ":*") else { return false }
    let prefix = pattern[..<star.lowerBound] + ":"
    let suffix = pattern[star.upperBound...]
    let bytes = Array(uri.utf8)
    let prefixBytes = Array(prefix.utf8)
    let suffixBytes = Array(suffix.utf8)
    guard bytes.count > prefixBytes.count + suffixBytes.count,
      bytes.starts(with: prefixBytes), bytes.reversed().starts(with: suffixBytes.reversed())
    else { return false }
    let port = bytes[prefixBytes.count..<(bytes.count - suffixBytes.count)]
    // A port is 1-5 digits without a leading zero, in 1...65535.
    guard port.count <= 5, port.allSatisfy({ (0x30...0x39).contains($0) }), port.first != 0x30,
      let number = Int(String(decoding: port, as: UTF8.self))
    else { return false }
    return (1...65535).contains(number)
  }
}
