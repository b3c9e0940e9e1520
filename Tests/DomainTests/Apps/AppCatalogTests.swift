import Domain
import Foundation
import Testing

@Suite("Which app a profile or an account uses, and where each setting comes from")
struct AppCatalogTests {
  static let sandbox = ClientCredentials(clientKey: "sbx", clientSecret: Secret("sbx-secret"))
  static let brand = AppRecord(
    name: "brand", clientKey: "key-brand", redirectURI: "http://127.0.0.1:8723/callback/",
    scopes: ["user.info.basic"], authBaseURL: "https://auth.example", apiBaseURL: "https://api.example")
  static let onSandbox = AppRecord(
    name: "test-app", clientKey: "key-test", authBaseURL: "sandbox", apiBaseURL: "sandbox")
  /// Every app variable set, naming the client key `key`.
  static func environment(key: String = "key-env") -> AppEnvironment {
    AppEnvironment(
      clientKey: key, clientSecret: Secret("env-secret"), redirectURI: "http://localhost:*/cb/",
      scopes: ["video.list"], authBaseURL: "https://auth.env", apiBaseURL: "https://api.env")
  }

  static func catalog(_ environment: AppEnvironment = AppEnvironment()) -> AppCatalog {
    AppCatalog(environment: environment, records: [brand, onSandbox], sandbox: sandbox)
  }

  @Test(
    "a profile bound to no app uses the environment's app when TIKTOK_CLIENT_KEY is set, else the sandbox",
    arguments: [
      (AppEnvironment(), "sandbox", "sbx"),
      (AppEnvironment(scopes: ["video.list"]), "sandbox", "sbx"),
      (environment(), "environment", "key-env"),
    ])
  func unboundProfile(environment: AppEnvironment, name: String, key: String) throws {
    let app = try Self.catalog(environment).forProfile(nil)
    #expect(app.name == name)
    #expect(app.clientKey.value == key)
    #expect(app.problems.isEmpty)
  }

  @Test("a stored app's settings come from its record, then the defaults")
  func storedApp() throws {
    let app = try Self.catalog().forProfile("brand")
    #expect(app.clientKey == Sourced("key-brand", .appRecord))
    // Sealed in the record: the caller opens it.
    #expect(app.clientSecret == Sourced(nil, .appRecord))
    #expect(app.redirectURI == Sourced("http://127.0.0.1:8723/callback/", .appRecord))
    #expect(app.apiBaseURL == Sourced("https://api.example", .appRecord))
    let bare = try Self.catalog().forProfile("test-app")
    #expect(bare.redirectURI == Sourced(Configuration.defaultRedirectURI, .defaultValue))
    #expect(bare.scopes == Sourced(Scope.defaults, .defaultValue))
    #expect(bare.usesSandbox)
  }

  @Test("every variable that is set wins over the stored app's setting, and says so")
  func environmentWins() throws {
    let app = try Self.catalog(Self.environment()).forProfile("brand")
    #expect(app.name == "brand")
    #expect(app.clientKey == Sourced("key-env", .environment("TIKTOK_CLIENT_KEY")))
    #expect(app.clientSecret == Sourced(Secret("env-secret"), .environment("TIKTOK_CLIENT_SECRET")))
    #expect(app.redirectURI == Sourced("http://localhost:*/cb/", .environment("TIKTOK_REDIRECT_URI")))
    #expect(app.scopes == Sourced(["video.list"], .environment("TIKTOK_SCOPES")))
    #expect(app.authBaseURL == Sourced("https://auth.env", .environment("TIKTOK_AUTH_BASE_URL")))
    #expect(app.apiBaseURL == Sourced("https://api.env", .environment("TIKTOK_API_BASE_URL")))
    let partly = try Self.catalog(AppEnvironment(scopes: ["video.list"])).forProfile("brand")
    #expect(partly.clientKey == Sourced("key-brand", .appRecord))
    #expect(partly.scopes == Sourced(["video.list"], .environment("TIKTOK_SCOPES")))
  }

  @Test("the built-in sandbox keeps its own key, secret and place, but takes the redirect URI and scopes")
  func sandboxApp() throws {
    let app = try Self.catalog(Self.environment()).forProfile("sandbox")
    #expect(app.clientKey == Sourced("sbx", .builtIn))
    #expect(app.clientSecret == Sourced(Secret("sbx-secret"), .builtIn))
    #expect(app.apiBaseURL == Sourced(AppRecord.sandboxURL, .builtIn))
    #expect(app.redirectURI.source == .environment("TIKTOK_REDIRECT_URI"))
    #expect(app.scopes.source == .environment("TIKTOK_SCOPES"))
  }

  @Test(
    "what makes an app unusable is named: a key without a secret, a base URL that is not https",
    arguments: [
      (AppEnvironment(clientKey: "k"), "TIKTOK_CLIENT_SECRET is not"),
      (AppEnvironment(clientKey: "k", clientSecret: Secret("s"), apiBaseURL: "http://api.example"),
        "TIKTOK_API_BASE_URL must use https"),
      (AppEnvironment(clientKey: "k", clientSecret: Secret("s"), authBaseURL: "not a url"),
        "TIKTOK_AUTH_BASE_URL is not an absolute URL"),
      (AppEnvironment(clientKey: "k", clientSecret: Secret("s"), apiBaseURL: "sandbox"),
        "must both be `sandbox`"),
    ])
  func problems(environment: AppEnvironment, problem: String) throws {
    let app = try Self.catalog(environment).forProfile(nil)
    #expect(app.problems.contains { $0.contains(problem) }, "\(app.problems)")
  }

  @Test("an unknown app is refused")
  func unknownApp() {
    #expect(throws: DomainError.self) { try Self.catalog().forProfile("nope") }
    #expect(throws: DomainError.self) { try Self.catalog().forProfile("environment") }
  }

  @Test(
    "an account goes through the app it was granted through; the environment wins only for that app's key",
    arguments: [
      // Granted through a stored app; the variables name another app: the record, untouched.
      (AppGrant(name: "brand", clientKey: "key-brand"), environment(), "key-brand", .appRecord),
      // The variables are that very app (its secret kept in the environment): they win.
      (AppGrant(name: "brand", clientKey: "key-env"), environment(), "key-env",
        .environment("TIKTOK_CLIENT_KEY")),
      (AppGrant(name: "sandbox", clientKey: "sbx"), environment(), "sbx", .builtIn),
      (AppGrant(name: "environment", clientKey: "key-env"), environment(), "key-env",
        .environment("TIKTOK_CLIENT_KEY")),
      // Stored before apps were recorded: the default app, as before.
      (AppGrant.unrecorded, environment(), "key-env", .environment("TIKTOK_CLIENT_KEY")),
      (AppGrant.unrecorded, AppEnvironment(), "sbx", .builtIn),
    ] as [(AppGrant, AppEnvironment, String, SettingSource)])
  func accountApp(grant: AppGrant, environment: AppEnvironment, key: String, source: SettingSource)
    throws
  {
    let app = try Self.catalog(environment).forAccount(grant)
    #expect(app.clientKey == Sourced(key, source))
  }

  @Test(
    "an account whose app is gone or now has another client key is refused: its tokens never reach the wrong app",
    arguments: [
      (AppGrant(name: "environment", clientKey: "key-env"), AppEnvironment(), "TIKTOK_CLIENT_KEY is not set"),
      (AppGrant(name: "environment", clientKey: "key-old"), environment(), "client key key-old"),
      (AppGrant(name: "gone", clientKey: "k"), AppEnvironment(), "no longer stored"),
      (AppGrant(name: "brand", clientKey: "key-rotated"), AppEnvironment(), "now has client key key-brand"),
      (AppGrant.unrecorded.with(clientKey: "key-env"), AppEnvironment(), "now has client key sbx"),
    ])
  func unreachable(grant: AppGrant, environment: AppEnvironment, reason: String) {
    let error = #expect(throws: DomainError.self) {
      try Self.catalog(environment).forAccount(grant)
    }
    #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
  }

  @Test("all lists the sandbox, the environment's app when set, then the stored apps by name")
  func all() {
    #expect(Self.catalog().all.map(\.name) == ["sandbox", "brand", "test-app"])
    #expect(
      Self.catalog(Self.environment()).all.map(\.name)
        == ["sandbox", "environment", "brand", "test-app"])
  }
}

extension AppGrant {
  fileprivate func with(clientKey: String) -> AppGrant { AppGrant(name: name, clientKey: clientKey) }
}
