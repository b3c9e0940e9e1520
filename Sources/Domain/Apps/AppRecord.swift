import Foundation

/// A TikTok app stored with `tractok app add`: its key and the settings given for it. The
/// client secret is sealed apart and never travels in this value.
public struct AppRecord: Equatable, Sendable {
  public var name: String
  public var clientKey: String
  /// Nil: the environment's or the default (see `AppCatalog`).
  public var redirectURI: String?
  public var scopes: [String]?
  /// `sandboxURL` for the in-process sandbox.
  public var authBaseURL: String?
  public var apiBaseURL: String?

  public init(
    name: String, clientKey: String, redirectURI: String? = nil, scopes: [String]? = nil,
    authBaseURL: String? = nil, apiBaseURL: String? = nil
  ) {
    self.name = name
    self.clientKey = clientKey
    self.redirectURI = redirectURI
    self.scopes = scopes
    self.authBaseURL = authBaseURL
    self.apiBaseURL = apiBaseURL
  }

  /// The built-in app on the in-process sandbox: it always exists and is never stored.
  public static let sandbox = "sandbox"
  /// The app `TIKTOK_CLIENT_KEY` and `TIKTOK_CLIENT_SECRET` describe: never stored.
  public static let environment = "environment"
  /// A base URL that means the in-process sandbox (its port changes at every start).
  public static let sandboxURL = "sandbox"

  /// App names follow the profile names' rule; `sandbox` and `environment` are taken.
  public static func nameProblem(_ name: String) -> String? {
    guard ProfileRecord.isValidName(name) else {
      return
        "app names are 1-64 letters, digits, '.', '_' or '-' (got \"\(UntrustedText.sanitize(name))\")"
    }
    guard name != sandbox, name != environment else {
      return "\"\(name)\" names a built-in app; choose another name"
    }
    return nil
  }

  /// What is wrong with the record before it is stored: its name, an empty key, a base URL
  /// that is neither https, loopback http nor `sandbox`, or only one of them on the sandbox.
  public var problems: [String] {
    var found = [Self.nameProblem(name)].compactMap { $0 }
    if clientKey.isEmpty || clientKey.contains(where: { $0.isWhitespace || $0.isNewline }) {
      found.append("the client key must be one word")
    }
    found += [("the auth base URL", authBaseURL), ("the API base URL", apiBaseURL)].compactMap {
      label, value in value.flatMap { Self.baseURLProblem($0, label: label) }
    }
    if (authBaseURL == Self.sandboxURL) != (apiBaseURL == Self.sandboxURL),
      authBaseURL != nil, apiBaseURL != nil
    {
      found.append("both base URLs must be `sandbox`, or neither")
    }
    return found
  }

  /// Why a base URL cannot be used: not absolute, or plain http to a host that is not
  /// loopback (the client secret and tokens would cross the network in clear text).
  public static func baseURLProblem(_ value: String, label: String) -> String? {
    if value == sandboxURL { return nil }
    guard let url = URL(string: value), let scheme = url.scheme, let host = url.host else {
      return "\(label) is not an absolute URL: \(UntrustedText.sanitize(value))"
    }
    let loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1"
    guard scheme == "https" || (scheme == "http" && loopback) else {
      return "\(label) must use https (only loopback addresses may use http)"
    }
    return nil
  }
}

/// The app an account was granted through: TikTok's open_id is unique only within one app, so
/// every refresh, revoke and API call of the account must go through this one.
public struct AppGrant: Equatable, Sendable {
  /// `sandbox`, `environment` or a stored app's name; nil for accounts connected before
  /// tractok knew several apps (they use the default app: the environment's, else the sandbox).
  public var name: String?
  /// The app's client key at the grant; nil for those older accounts.
  public var clientKey: String?

  public init(name: String?, clientKey: String?) {
    self.name = name
    self.clientKey = clientKey
  }

  /// An account connected before apps were recorded.
  public static let unrecorded = AppGrant(name: nil, clientKey: nil)
}
