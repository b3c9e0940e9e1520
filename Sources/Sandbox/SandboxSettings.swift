/// An app registered at the sandbox: its key and secret.
public struct SandboxApp: Sendable, Equatable {
  public var clientKey: String
  public var clientSecret: String

  public init(clientKey: String, clientSecret: String) {
    self.clientKey = clientKey
    self.clientSecret = clientSecret
  }

  /// `KEY:SECRET`, as `tractok sandbox --app` takes it; nil when either part is empty.
  public init?(pair: String) {
    let parts = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
    self.init(clientKey: String(parts[0]), clientSecret: String(parts[1]))
  }
}

/// How the sandbox behaves: lifetimes, rate limit, the registered apps and their redirect URIs.
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
  /// The built-in app's key.
  public var clientKey: String
  /// The built-in app's secret (public by design: it only opens this sandbox).
  public var clientSecret: String
  /// More registered apps (`tractok sandbox --app`, stored apps on the in-process sandbox).
  /// Like TikTok, the sandbox gives one user a different open_id in each app (the built-in
  /// app's is the catalog's) and the same union_id in all.
  public var apps: [SandboxApp]
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
    stateFile: String? = nil, apps: [SandboxApp] = []
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
    self.apps = apps
  }

  /// Every registered app, the built-in one first.
  public var registeredApps: [SandboxApp] {
    [SandboxApp(clientKey: clientKey, clientSecret: clientSecret)] + apps
  }

  /// The secret of the registered app `clientKey`; nil for an app the sandbox does not know.
  public func secret(forClientKey clientKey: String) -> String? {
    registeredApps.first { $0.clientKey == clientKey }?.clientSecret
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
