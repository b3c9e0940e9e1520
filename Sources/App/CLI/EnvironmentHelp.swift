/// The environment variables tractok reads, as `--help` and the man page list them.
enum EnvironmentHelp {
  static let variables: [(name: String, meaning: String)] = [
    (
      "TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET",
      "the environment's app, for profiles bound to none (unset: the built-in sandbox); these and the TIKTOK_* below win over a stored app's settings"
    ),
    (
      "TIKTOK_REDIRECT_URI",
      "the redirect URI registered for the app (default http://127.0.0.1:*/callback/)"
    ),
    ("TIKTOK_SCOPES", "comma-separated scopes to ask for"),
    ("TIKTOK_ENCRYPTION_KEY", "base64 of 32 bytes (default: the key file in TRACTOK_HOME)"),
    ("TIKTOK_AUTH_BASE_URL, TIKTOK_API_BASE_URL", "where TikTok's endpoints live"),
    ("TRACTOK_HOME", "the data directory (default ~/.local/share/tractok)"),
    ("TRACTOK_PROFILE", "the profile when --profile is not given (default: default)"),
    ("TRACTOK_ACCOUNT", "the account of commands run without ACCOUNT (never stored)"),
    ("TRACTOK_NOTIFY_CMD", "a command run on account events (TRACTOK_EVENT says which)"),
    ("TRACTOK_LISTEN", "the listener's address behind a reverse proxy"),
    ("TRACTOK_CALLBACK_USERS", "users (the proxy's) whose connections the listener also accepts"),
    ("TRACTOK_REFRESH_MARGIN", "refresh when fewer seconds are left (default 600)"),
    ("BROWSER", "opens the authorization page (given a file:// URL); a:b tries a, then b"),
    ("HTTPS_PROXY, https_proxy", "http://[user:password@]host[:port] of a proxy to TikTok"),
    ("NO_PROXY, no_proxy", "hosts and domains reached without the proxy"),
    ("SSL_CERT_FILE, SSL_CERT_DIR", "trusted authorities (default: the system's store)"),
  ]

  /// The variables as help lines, the meanings aligned (a long name gets a line of its own).
  static var lines: [String] {
    let column = 26
    return variables.flatMap { variable -> [String] in
      let name = "  " + variable.name
      guard name.count < column - 1 else {
        return [name, String(repeating: " ", count: column) + variable.meaning]
      }
      return [name.padding(toLength: column, withPad: " ", startingAt: 0) + variable.meaning]
    }
  }
}
