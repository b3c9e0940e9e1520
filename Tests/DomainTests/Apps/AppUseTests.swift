import Domain
import Foundation
import Testing

@Suite("Who uses an app: binding a profile to it, removing it")
struct AppUseTests {
  static let catalog = AppCatalog(
    environment: AppEnvironment(),
    records: [
      AppRecord(name: "brand", clientKey: "key-brand"),
      AppRecord(name: "brand-copy", clientKey: "key-brand"),
      AppRecord(name: "other", clientKey: "key-other"),
    ], sandbox: ClientCredentials(clientKey: "sbx", clientSecret: Secret("x")))

  @Test(
    "a profile may be bound to an app only when all its accounts were granted through it (by name or client key)",
    arguments: [
      ([], "other", true),
      ([AppGrant(name: "brand", clientKey: "key-brand")], "brand", true),
      // The same TikTok app under another name: the same open_ids.
      ([AppGrant(name: "brand", clientKey: "key-brand")], "brand-copy", true),
      ([AppGrant(name: "brand", clientKey: "key-brand")], "other", false),
      ([AppGrant(name: "sandbox", clientKey: "sbx")], "brand", false),
      // An account from before grants were recorded counts as the default app's (here the
      // sandbox's): not brand's.
      ([AppGrant.unrecorded], "brand", false),
      ([AppGrant(name: "other", clientKey: "key-other"), AppGrant(name: "brand", clientKey: "key-brand")],
        "other", false),
    ] as [([AppGrant], String, Bool)])
  func binding(accounts: [AppGrant], target: String, allowed: Bool) throws {
    let app = try Self.catalog.forProfile(target)
    let problem = AppUse.bindingProblem(
      profile: "p", accounts: accounts, target: app, catalog: Self.catalog)
    #expect((problem == nil) == allowed, "\(String(describing: problem))")
    if let problem { #expect(problem.message.contains("disconnect")) }
  }

  @Test(
    "an account connected through the environment's app may join the stored app with its client key")
  func adoptsEnvironmentApp() throws {
    // After the user stored the environment's app and unset TIKTOK_CLIENT_KEY...
    let target = try Self.catalog.forProfile("brand")
    #expect(
      AppUse.bindingProblem(
        profile: "p", accounts: [AppGrant(name: "environment", clientKey: "key-brand")],
        target: target, catalog: Self.catalog) == nil)
    // ...or while it is still set: its unrecorded accounts are that app's.
    let catalog = AppCatalog(
      environment: AppEnvironment(clientKey: "key-brand", clientSecret: Secret("s")),
      records: Self.catalog.records, sandbox: Self.catalog.sandbox)
    #expect(
      AppUse.bindingProblem(
        profile: "p", accounts: [.unrecorded], target: try catalog.forProfile("brand"),
        catalog: catalog) == nil)
  }

  @Test(
    "an app may be removed only when no profile, account or queued revoke uses it",
    arguments: [
      ([], 0, 0, nil),
      (["brand"], 0, 0, "profile brand"),
      (["a", "b"], 2, 0, "profiles a, b and 2 accounts"),
      ([], 1, 0, "1 account"),
      ([], 0, 3, "3 queued revokes"),
    ] as [([String], Int, Int, String?)])
  func removal(profiles: [String], accounts: Int, queued: Int, users: String?) {
    let problem = AppUse.removalProblem(
      "brand", profiles: profiles, accounts: accounts, queuedRevokes: queued)
    #expect(problem.map { $0.message.contains("used by \(users ?? "")") } ?? (users == nil))
  }

  @Test("an app's users: profiles bound to it, or unbound while it is the default, and its accounts")
  func users() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let account = { (app: AppGrant) in
      Account(
        openID: UUID().uuidString, profile: "p", displayName: "", username: "", grantedScopes: [],
        accessExpiresAt: now, accessLifetime: 1, refreshExpiresAt: now, connectedAt: now, app: app)
    }
    let profiles = [
      ProfileRecord(name: "bound", tier: .free, selectedOpenID: nil, app: "brand"),
      ProfileRecord(name: "unbound", tier: .free, selectedOpenID: nil),
    ]
    let accounts = [
      account(AppGrant(name: "brand", clientKey: "k")), account(.unrecorded),
      account(AppGrant(name: "sandbox", clientKey: "sbx")),
    ]
    let brand = AppUse.users(of: "brand", profiles: profiles, accounts: accounts, defaultApp: "sandbox")
    #expect(brand.profiles == ["bound"] && brand.accounts == 1)
    let sandbox = AppUse.users(
      of: "sandbox", profiles: profiles, accounts: accounts, defaultApp: "sandbox")
    #expect(sandbox.profiles == ["unbound"] && sandbox.accounts == 2)
  }
}
