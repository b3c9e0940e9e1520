import Foundation

/// Who uses an app, and what that forbids: binding a profile to an app its accounts were not
/// granted through, and removing an app someone still uses. Storage calls these inside the
/// transaction that changes the binding or removes the app.
public enum AppUse {
  /// The profiles that connect through the app `name` (bound to it, or bound to none while it
  /// is the default app `defaultApp`) and how many accounts were granted through it (an
  /// account without a recorded grant counts for the default app).
  public static func users(
    of name: String, profiles: [ProfileRecord], accounts: [Account], defaultApp: String?
  ) -> (profiles: [String], accounts: Int) {
    (
      profiles.filter { ($0.app ?? defaultApp) == name }.map(\.name),
      accounts.filter { ($0.app.name ?? defaultApp) == name }.count
    )
  }

  /// Why `profile` may not be bound to `target`: it holds accounts granted through another
  /// app. An account counts as granted through `target` when it names it, or when its client
  /// key is `target`'s (the same TikTok app under another name, e.g. the environment's app
  /// stored with `tractok app add`). An account without a recorded grant is judged by the app
  /// it uses now (`catalog`). Nil when the binding may go ahead.
  public static func bindingProblem(
    profile: String, accounts: [AppGrant], target: ResolvedApp, catalog: AppCatalog
  ) -> DomainError? {
    let others = accounts.filter { grant in
      if grant.name == target.name { return false }
      let key = grant.clientKey ?? (try? catalog.forAccount(grant))?.clientKey.value
      return key != target.clientKey.value
    }
    guard !others.isEmpty else { return nil }
    let names = Set(others.map { $0.name ?? "the default app" }).sorted()
    return .failed(
      "profile \(profile) holds \(Format.count(others.count, "account")) granted through "
        + "\(names.joined(separator: ", ")), not \(target.name): an account belongs to the app "
        + "it was granted through; disconnect \(others.count == 1 ? "it" : "them") first, or use "
        + "another profile")
  }

  /// Why the app `name` may not be removed: profiles are bound to it, or accounts (or revokes
  /// still queued) were granted through it. Nil when nothing uses it.
  public static func removalProblem(
    _ name: String, profiles: [String], accounts: Int, queuedRevokes: Int
  ) -> DomainError? {
    var users: [String] = []
    if !profiles.isEmpty {
      let label = profiles.count == 1 ? "profile" : "profiles"
      users.append("\(label) \(profiles.sorted().joined(separator: ", "))")
    }
    if accounts > 0 { users.append(Format.count(accounts, "account")) }
    if queuedRevokes > 0 { users.append(Format.count(queuedRevokes, "queued revoke")) }
    guard !users.isEmpty else { return nil }
    return .failed(
      "app \(name) is used by \(users.joined(separator: " and ")); bind those profiles to "
        + "another app (`tractok profile set-app`) or disconnect those accounts first")
  }
}
