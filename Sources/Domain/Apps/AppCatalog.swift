import Foundation

/// Every TikTok app tractok knows (the built-in sandbox, the environment's, the stored ones)
/// and which one a profile or an account uses, each setting with where it comes from. Pure: it
/// decides over the values it holds.
///
/// A setting comes from its environment variable when set, else the app record, else the
/// default. A profile bound to no app uses the environment's app (`TIKTOK_CLIENT_KEY`), else
/// the sandbox. An account always goes through the app it was granted through: the
/// environment's settings win there only when they are for that app (the same client key) or
/// name none, and an app whose client key is no longer the grant's is refused, so tokens never
/// reach the wrong app (where TikTok would call them invalid and the account would look dead).
public struct AppCatalog: Equatable, Sendable {
  public var environment: AppEnvironment
  public var records: [AppRecord]
  /// The built-in sandbox app's credentials (public: they open only the sandbox).
  public var sandbox: ClientCredentials

  public init(environment: AppEnvironment, records: [AppRecord], sandbox: ClientCredentials) {
    self.environment = environment
    self.records = records
    self.sandbox = sandbox
  }

  /// Every app, each as a profile bound to it uses it: the sandbox, the environment's (when
  /// `TIKTOK_CLIENT_KEY` is set), then the stored ones by name.
  public var all: [ResolvedApp] {
    [sandboxApp] + [environmentApp].compactMap { $0 }
      + records.sorted { $0.name < $1.name }.map { resolve($0, environment) }
  }

  /// The app new accounts of a profile are connected through: its bound app (the environment's
  /// settings winning), else the environment's app, else the sandbox.
  public func forProfile(_ bound: String?) throws(DomainError) -> ResolvedApp {
    guard let bound else { return environmentApp ?? sandboxApp }
    if bound == AppRecord.sandbox { return sandboxApp }
    guard let record = records.first(where: { $0.name == bound }) else {
      throw .failed(
        "the profile's app \"\(UntrustedText.sanitize(bound))\" is not stored; see `tractok app list`"
      )
    }
    return resolve(record, environment)
  }

  /// The app an account's calls go through: the one it was granted through.
  public func forAccount(_ grant: AppGrant) throws(DomainError) -> ResolvedApp {
    let app: ResolvedApp
    switch grant.name {
    case nil: app = try forProfile(nil)
    case AppRecord.sandbox?: app = sandboxApp
    case AppRecord.environment?:
      guard let environmentApp else {
        throw .failed(
          "the account was connected through the environment's app (client key "
            + "\(grant.clientKey.map(UntrustedText.sanitize) ?? "unknown")), but TIKTOK_CLIENT_KEY "
            + "is not set: set it again, or store that app (`tractok app add`) and bind the "
            + "profile to it (`tractok profile set-app`)")
      }
      app = environmentApp
    case let name?:
      guard let record = records.first(where: { $0.name == name }) else {
        throw .failed(
          "the account was connected through the app \"\(UntrustedText.sanitize(name))\", which is no "
            + "longer stored")
      }
      // Variables naming another client key describe another app: none of them applies.
      let forThisApp = environment.clientKey == nil || environment.clientKey == grant.clientKey
      app = resolve(record, forThisApp ? environment : AppEnvironment())
    }
    if let key = grant.clientKey, key != app.clientKey.value {
      throw .failed(
        "the account was connected through the app \(app.label) with client key "
          + "\(UntrustedText.sanitize(key)), but that app now has client key "
          + "\(UntrustedText.sanitize(app.clientKey.value)) (\(app.clientKey.source.description)); "
          + "its tokens work only with the key they were granted to")
    }
    return app
  }

  /// The built-in sandbox: its own key, secret and place; the environment's redirect URI and
  /// scopes apply, as they always have.
  var sandboxApp: ResolvedApp {
    ResolvedApp(
      name: AppRecord.sandbox, clientKey: Sourced(sandbox.clientKey, .builtIn),
      clientSecret: Sourced(sandbox.clientSecret, .builtIn),
      redirectURI: setting(
        environment.redirectURI, nil, "TIKTOK_REDIRECT_URI", Configuration.defaultRedirectURI),
      scopes: setting(environment.scopes, nil, "TIKTOK_SCOPES", Scope.defaults),
      authBaseURL: Sourced(AppRecord.sandboxURL, .builtIn),
      apiBaseURL: Sourced(AppRecord.sandboxURL, .builtIn))
  }

  /// The app the variables describe on their own, when `TIKTOK_CLIENT_KEY` is set.
  var environmentApp: ResolvedApp? {
    guard environment.clientKey != nil else { return nil }
    return resolve(AppRecord(name: AppRecord.environment, clientKey: ""), environment)
  }

  /// `record` with every variable that is set in `environment` winning.
  private func resolve(_ record: AppRecord, _ environment: AppEnvironment) -> ResolvedApp {
    var problems: [String] = []
    let key: Sourced<String>
    let secret: Sourced<Secret?>
    if let variable = environment.clientKey {
      key = Sourced(variable, .environment("TIKTOK_CLIENT_KEY"))
      secret = Sourced(environment.clientSecret, .environment("TIKTOK_CLIENT_SECRET"))
      if environment.clientSecret == nil {
        problems.append("TIKTOK_CLIENT_KEY is set but TIKTOK_CLIENT_SECRET is not; set both")
      }
    } else {
      key = Sourced(record.clientKey, .appRecord)
      secret = Sourced(nil, .appRecord)
    }
    let auth = setting(
      environment.authBaseURL, record.authBaseURL, "TIKTOK_AUTH_BASE_URL",
      Configuration.defaultAuthBaseURL)
    let api = setting(
      environment.apiBaseURL, record.apiBaseURL, "TIKTOK_API_BASE_URL",
      Configuration.defaultAPIBaseURL)
    for (url, variable, label) in [
      (auth, "TIKTOK_AUTH_BASE_URL", "auth base URL"), (api, "TIKTOK_API_BASE_URL", "API base URL"),
    ] where url.source != .defaultValue {
      let named = url.source == .appRecord ? "the app's \(label)" : variable
      if let problem = AppRecord.baseURLProblem(url.value, label: named) {
        problems.append(problem)
      }
    }
    if (auth.value == AppRecord.sandboxURL) != (api.value == AppRecord.sandboxURL) {
      problems.append("the auth and API base URLs must both be `sandbox`, or neither")
    }
    return ResolvedApp(
      name: record.name, clientKey: key, clientSecret: secret,
      redirectURI: setting(
        environment.redirectURI, record.redirectURI, "TIKTOK_REDIRECT_URI",
        Configuration.defaultRedirectURI),
      scopes: setting(environment.scopes, record.scopes, "TIKTOK_SCOPES", Scope.defaults),
      authBaseURL: auth, apiBaseURL: api, problems: problems)
  }

  /// The variable's value if set, else the record's, else the default.
  private func setting<Value: Equatable & Sendable>(
    _ variable: Value?, _ stored: Value?, _ name: String, _ fallback: Value
  ) -> Sourced<Value> {
    if let variable { return Sourced(variable, .environment(name)) }
    if let stored { return Sourced(stored, .appRecord) }
    return Sourced(fallback, .defaultValue)
  }
}
