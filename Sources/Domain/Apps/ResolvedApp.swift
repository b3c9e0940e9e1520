import Foundation

/// What the `TIKTOK_*` variables say about an app; each one set wins over the stored app's
/// setting (CI and setups from before stored apps keep working).
public struct AppEnvironment: Equatable, Sendable {
  public var clientKey: String?
  public var clientSecret: Secret?
  public var redirectURI: String?
  public var scopes: [String]?
  public var authBaseURL: String?
  public var apiBaseURL: String?

  public init(
    clientKey: String? = nil, clientSecret: Secret? = nil, redirectURI: String? = nil,
    scopes: [String]? = nil, authBaseURL: String? = nil, apiBaseURL: String? = nil
  ) {
    self.clientKey = clientKey
    self.clientSecret = clientSecret
    self.redirectURI = redirectURI
    self.scopes = scopes
    self.authBaseURL = authBaseURL
    self.apiBaseURL = apiBaseURL
  }

  /// Whether the variables leave the app settings alone.
  public var isEmpty: Bool { self == AppEnvironment() }
}

/// Where one setting of an app comes from.
public enum SettingSource: Equatable, Sendable {
  /// An environment variable, named.
  case environment(String)
  /// The stored app (`tractok app add`).
  case appRecord
  /// The built-in sandbox's own value.
  case builtIn
  /// tractok's default.
  case defaultValue

  /// A few words for `doctor` and `app list`.
  public var description: String {
    switch self {
    case .environment(let variable): "environment (\(variable))"
    case .appRecord: "app record"
    case .builtIn: "built-in"
    case .defaultValue: "default"
    }
  }
}

/// A setting's value and where it came from.
public struct Sourced<Value: Equatable & Sendable>: Equatable, Sendable {
  public var value: Value
  public var source: SettingSource

  public init(_ value: Value, _ source: SettingSource) {
    self.value = value
    self.source = source
  }
}

/// An app as tractok uses it now: every setting resolved (environment, app record, default),
/// with what makes it unusable.
public struct ResolvedApp: Equatable, Sendable {
  public var name: String
  public var clientKey: Sourced<String>
  /// The secret when the environment or the built-in sandbox holds it; nil when it is sealed in
  /// the app record (the caller opens it) or missing (see `problems`).
  public var clientSecret: Sourced<Secret?>
  public var redirectURI: Sourced<String>
  public var scopes: Sourced<[String]>
  /// `AppRecord.sandboxURL` for the in-process sandbox.
  public var authBaseURL: Sourced<String>
  public var apiBaseURL: Sourced<String>
  /// What stops the app from being used (a missing secret, a base URL that is not https).
  public var problems: [String]

  public init(
    name: String, clientKey: Sourced<String>, clientSecret: Sourced<Secret?>,
    redirectURI: Sourced<String>, scopes: Sourced<[String]>, authBaseURL: Sourced<String>,
    apiBaseURL: Sourced<String>, problems: [String] = []
  ) {
    self.name = name
    self.clientKey = clientKey
    self.clientSecret = clientSecret
    self.redirectURI = redirectURI
    self.scopes = scopes
    self.authBaseURL = authBaseURL
    self.apiBaseURL = apiBaseURL
    self.problems = problems
  }

  /// Whether its calls go to the in-process sandbox.
  public var usesSandbox: Bool { apiBaseURL.value == AppRecord.sandboxURL }

  /// What an account granted through this app records.
  public var grant: AppGrant { AppGrant(name: name, clientKey: clientKey.value) }

  /// `built-in` (the sandbox), `environment` (`TIKTOK_CLIENT_KEY`) or `stored`.
  public var kind: String {
    switch name {
    case AppRecord.sandbox: "built-in"
    case AppRecord.environment: "environment"
    default: "stored"
    }
  }

  /// Its name for people: `sandbox`, `environment (TIKTOK_CLIENT_KEY)` or the stored name.
  public var label: String {
    name == AppRecord.environment ? "environment (TIKTOK_CLIENT_KEY)" : name
  }
}
