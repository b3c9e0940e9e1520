import Foundation

/// The app's key and secret from TikTok's developer portal.
public struct ClientCredentials: Equatable, Sendable {
  public let clientKey: String
  public let clientSecret: Secret

  public init(clientKey: String, clientSecret: Secret) {
    self.clientKey = clientKey
    self.clientSecret = clientSecret
  }
}

/// Everything tractok reads from its environment, resolved once at start.
public struct Configuration: Equatable, Sendable {
  /// TikTok's recommended form for desktop apps: any free port, chosen at each connect.
  public static let defaultRedirectURI = "http://127.0.0.1:*/callback/"
  public static let defaultAuthBaseURL = "https://www.tiktok.com"
  public static let defaultAPIBaseURL = "https://open.tiktokapis.com"

  /// What the `TIKTOK_*` app variables say; each one set wins over the stored app's setting
  /// (see `AppCatalog`).
  public var apps: AppEnvironment
  /// Base64 text of the encryption key from `TIKTOK_ENCRYPTION_KEY`, when set.
  public var encryptionKey: Secret?
  public var home: String
  public var listen: String?
  /// `TRACTOK_CALLBACK_USERS`: user names or uids (a reverse proxy's) whose connections the
  /// callback listener and the sandbox accept besides the user running tractok.
  public var callbackUsers: [String]
  public var notifyCommand: String?
  public var browser: String?
  public var sshConnection: String?
  /// `USER`: the login the `ssh -L` hint names.
  public var user: String?
  public var hasDesktop: Bool
  /// When tokens are refreshed: `TRACTOK_REFRESH_MARGIN` seconds (default 600) or 10% of the
  /// lifetime, whichever is more.
  public var refreshPolicy: RefreshPolicy
  /// `HTTPS_PROXY` and `NO_PROXY` (or their lower-case forms).
  public var proxy: ProxySettings
  /// Test builds only (`TRACTOK_TEST_STOP_AT`): the refresh checkpoint at which the process
  /// stops itself, so tests can show what other processes do meanwhile. Always nil in release.
  public var testStop: RefreshCheckpoint? = nil

  /// Reads the configuration from environment variables (see README "Configuration").
  public static func from(environment env: [String: String]) -> Configuration {
    func value(_ name: String) -> String? {
      guard let text = env[name]?.trimmingWhitespace(), !text.isEmpty
      else { return nil }
      return text
    }
    let home =
      value("TRACTOK_HOME")
      ?? (value("XDG_DATA_HOME").map { "\($0)/tractok" })
      ?? "\(value("HOME") ?? NSHomeDirectory())/.local/share/tractok"
    let scopes = value("TIKTOK_SCOPES").map(Scope.parse)
    var policy = RefreshPolicy()
    if let margin = value("TRACTOK_REFRESH_MARGIN").flatMap(TimeInterval.init), margin >= 0 {
      policy.minimumMargin = margin
    }
    var testStop: RefreshCheckpoint?
    #if DEBUG
      // Test builds only: the S2 control run shows what goes wrong without the lease, and the
      // stopped-process tests stop a refresh at a checkpoint. Release builds never read these.
      policy.usesLease = value("TRACTOK_TEST_DISABLE_LEASE") != "1"
      testStop = value("TRACTOK_TEST_STOP_AT").flatMap(RefreshCheckpoint.init(rawValue:))
    #endif
    return Configuration(
      apps: AppEnvironment(
        clientKey: value("TIKTOK_CLIENT_KEY"),
        clientSecret: value("TIKTOK_CLIENT_SECRET").map(Secret.init),
        redirectURI: value("TIKTOK_REDIRECT_URI"),
        scopes: scopes.flatMap { $0.isEmpty ? nil : $0 },
        authBaseURL: value("TIKTOK_AUTH_BASE_URL"), apiBaseURL: value("TIKTOK_API_BASE_URL")),
      encryptionKey: value("TIKTOK_ENCRYPTION_KEY").map(Secret.init),
      home: home,
      listen: value("TRACTOK_LISTEN"),
      callbackUsers: (value("TRACTOK_CALLBACK_USERS") ?? "").split(separator: ",").map {
        $0.trimmingSpaces()
      }.filter { !$0.isEmpty },
      notifyCommand: value("TRACTOK_NOTIFY_CMD"),
      browser: value("BROWSER"),
      sshConnection: value("SSH_CONNECTION"), user: value("USER"),
      hasDesktop: value("DISPLAY") != nil || value("WAYLAND_DISPLAY") != nil,
      refreshPolicy: policy, proxy: ProxySettings.from(environment: env), testStop: testStop)
  }
}
