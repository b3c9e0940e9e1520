import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

@testable import App

/// Two stored apps on one sandbox, a profile bound to each, and live services per profile.
final class TwoAppsWorld: @unchecked Sendable {
  static let brandA = SandboxApp(clientKey: "key-brand-a", clientSecret: "secret-brand-a")
  static let brandB = SandboxApp(clientKey: "key-brand-b", clientSecret: "secret-brand-b")
  let directory = TemporaryDirectory()
  let sandbox: SandboxServer
  let store: Store

  init() throws {
    sandbox = try SandboxServer(
      settings: SandboxSettings(apps: [Self.brandA, Self.brandB]), digest: OpenSSLDigest())
    store = try Store.open(home: directory.file("home"), environmentKey: nil)
    for (name, app) in [("brand-a", Self.brandA), ("brand-b", Self.brandB)] {
      try store.addApp(
        AppRecord(
          name: name, clientKey: app.clientKey, authBaseURL: sandbox.baseURL,
          apiBaseURL: sandbox.baseURL), secret: Secret(app.clientSecret), now: Date())
      try store.createProfile(name, app: name, tier: .pro, now: Date())
    }
  }

  deinit { sandbox.stop() }

  /// The services of `profile`, configured by `environment` (TRACTOK_HOME is added).
  func services(_ profile: String, _ environment: [String: String] = [:]) -> Services {
    var environment = environment
    environment["TRACTOK_HOME"] = directory.file("home")
    return Services(
      configuration: .from(environment: environment), profile: profile, store: store,
      retry: RetryPolicy(maximumAttempts: 2, backoff: Backoff(base: 0.01, maximum: 0.05), maximumWait: 1))
  }

  /// Connects `account` in the services' profile by paste-back: `sandbox` approves the
  /// authorize URL the profile's app made.
  static func connect(_ services: Services, on sandbox: SandboxServer, account: String) async throws
    -> Account
  {
    let signIn = try services.startSignIn(timeout: 30)
    defer { signIn.listener?.stop() }
    let query = try #require(signIn.attempt.authorizeURL.split(separator: "?", maxSplits: 1).last)
    let redirect = try sandbox.approve(authorizeQuery: String(query), accountID: account).get()
    _ = signIn.attempt.submit(redirect)
    let callback = try await signIn.attempt.result()
    return try await services.accounts().connect(callback).get().account
  }
}

@Suite("Several TikTok apps: each account goes through the app it was granted through")
struct SeveralAppsTests {
  @Test("one sandbox user in two profiles bound to two apps: two accounts, two open_ids, one union_id; each refreshes and revokes with its own app")
  func twoApps() async throws {
    let world = try TwoAppsWorld()
    let maya = try #require(SandboxCatalog.account("mayacooks"))
    let a = try await TwoAppsWorld.connect(world.services("brand-a"), on: world.sandbox, account: "mayacooks")
    let b = try await TwoAppsWorld.connect(world.services("brand-b"), on: world.sandbox, account: "mayacooks")
    #expect(a.openID != b.openID)
    #expect(a.unionID == maya.unionID && b.unionID == maya.unionID)
    #expect(a.app == AppGrant(name: "brand-a", clientKey: TwoAppsWorld.brandA.clientKey))
    #expect(b.app == AppGrant(name: "brand-b", clientKey: TwoAppsWorld.brandB.clientKey))
    #expect(try world.store.accounts(profile: "brand-a").map(\.openID) == [a.openID])
    // Any process refreshes each account through its own app, whatever its profile.
    let other = world.services("default")
    _ = try await other.engine().refresh(a.openID).get()
    _ = try await other.engine().refresh(b.openID).get()
    var ledger = world.sandbox.ledger()
    #expect(ledger.refreshesByClient[TwoAppsWorld.brandA.clientKey] == [a.openID: 1])
    #expect(ledger.refreshesByClient[TwoAppsWorld.brandB.clientKey] == [b.openID: 1])
    #expect(try await other.accounts().disconnect(a.openID).get().revoked)
    #expect(try await other.accounts().disconnect(b.openID).get().revoked)
    ledger = world.sandbox.ledger()
    #expect(ledger.revocationsByClient[TwoAppsWorld.brandA.clientKey] == [a.openID])
    #expect(ledger.revocationsByClient[TwoAppsWorld.brandB.clientKey] == [b.openID])
  }

  @Test("the environment wins over the profile's stored app: its client key is the one sent")
  func environmentWins() throws {
    let world = try TwoAppsWorld()
    let services = world.services(
      "brand-a",
      [
        "TIKTOK_CLIENT_KEY": TwoAppsWorld.brandB.clientKey,
        "TIKTOK_CLIENT_SECRET": TwoAppsWorld.brandB.clientSecret,
      ])
    let signIn = try services.startSignIn(timeout: 30)
    defer { signIn.listener?.stop() }
    let url = signIn.attempt.authorizeURL
    #expect(url.contains("client_key=\(TwoAppsWorld.brandB.clientKey)&"))
    #expect(url.hasPrefix(world.sandbox.baseURL))
    #expect(try services.profileApp().clientKey.source == .environment("TIKTOK_CLIENT_KEY"))
  }

  @Test("an account whose app now has another client key is refused before anything is sent, and nothing is marked dead")
  func wrongKeyRefused() async throws {
    let world = try TwoAppsWorld()
    let a = try await TwoAppsWorld.connect(world.services("brand-a"), on: world.sandbox, account: "novastars")
    // The environment's app, granted with its key: with the variable gone, brand-a is refused.
    let env = [
      "TIKTOK_CLIENT_KEY": TwoAppsWorld.brandB.clientKey,
      "TIKTOK_CLIENT_SECRET": TwoAppsWorld.brandB.clientSecret,
    ]
    let b = try await TwoAppsWorld.connect(world.services("brand-a", env), on: world.sandbox, account: "mayacooks")
    #expect(b.app == AppGrant(name: "brand-a", clientKey: TwoAppsWorld.brandB.clientKey))
    let before = world.sandbox.ledger().count(.token)
    let result = await world.services("brand-a").engine().refresh(b.openID)
    #expect(result.failure?.message.contains("client key \(TwoAppsWorld.brandB.clientKey)") == true)
    #expect(world.sandbox.ledger().count(.token) == before)
    #expect(try world.store.account(b.openID)?.status != .expired)
    // With the variable back, it refreshes; brand-a's own account never needed it.
    _ = try await world.services("brand-a", env).engine().refresh(b.openID).get()
    _ = try await world.services("brand-a", env).engine().refresh(a.openID).get()
  }

  @Test("the in-process sandbox registers every stored app that lives there, and one stored after it started")
  func inProcessSandbox() async throws {
    let directory = TemporaryDirectory()
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    try store.addApp(
      AppRecord(name: "test-app", clientKey: "key-test", authBaseURL: "sandbox", apiBaseURL: "sandbox"),
      secret: Secret("secret-test"), now: Date())
    try store.createProfile("test", app: "test-app", tier: .pro, now: Date())
    let services = Services(
      configuration: .from(environment: ["TRACTOK_HOME": home]), profile: "test", store: store)
    let sandbox = try #require(services.sandbox)
    #expect(sandbox.settings.secret(forClientKey: "key-test") == "secret-test")
    let account = try await TwoAppsWorld.connect(services, on: sandbox, account: "mayacooks")
    let maya = try #require(SandboxCatalog.account("mayacooks"))
    #expect(account.openID != maya.openID && account.unionID == maya.unionID)
    try store.addApp(
      AppRecord(name: "late-app", clientKey: "key-late", authBaseURL: "sandbox", apiBaseURL: "sandbox"),
      secret: Secret("secret-late"), now: Date())
    _ = try services.live(services.catalog().forProfile("late-app"))
    #expect(sandbox.settings.secret(forClientKey: "key-late") == "secret-late")
  }
}

extension Result {
  fileprivate var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
