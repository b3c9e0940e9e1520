import Domain
import Foundation

extension Store {
  /// Every profile by name, with how many accounts it holds.
  public func profiles() throws(DomainError) -> [ProfileSummary] {
    try read { connection in
      let counts = Dictionary(
        try connection.query("SELECT profile, count(*) FROM accounts GROUP BY profile") {
          ($0.text(0), $0.int(1))
        }, uniquingKeysWith: +)
      return try connection.query(
        "SELECT \(Self.profileColumns) FROM profiles ORDER BY name", row: Self.profileRecord
      ).map { ProfileSummary(record: $0, accounts: counts[$0.name] ?? 0) }
    }
  }

  /// Creates the profile `name` on `tier`, bound to the app `app` (nil: none); refused when it
  /// exists or the app is not stored.
  public func createProfile(_ name: String, app: String?, tier: Tier, now: Date)
    throws(DomainError)
  {
    try write { connection in
      let exists = try connection.query("SELECT 1 FROM profiles WHERE name = ?", [.text(name)]) {
        $0.int(0)
      }
      guard exists.isEmpty else {
        throw DomainError.failed(
          "profile \(name) exists already; `tractok profile set-app` and `tractok tier set` "
            + "change it")
      }
      if let app { try Self.checkStored(app, connection) }
      _ = try Self.ensureProfile(name, connection, now: now)
      try connection.run(
        "UPDATE profiles SET app = ?, tier = ? WHERE name = ?",
        [.optional(app), .text(tier.rawValue), .text(name)])
    }
  }

  /// Binds the profile `name` (stored now if it was not, as `setTier` does) to `target`, refused
  /// (Domain's `AppUse`) while it holds accounts granted through another app. Accounts of the
  /// same client key under another name (the environment's app, now stored) take the target's
  /// name.
  public func bindProfile(
    _ name: String, to target: ResolvedApp, catalog: AppCatalog, now: Date
  ) throws(DomainError) {
    try write { connection in
      try Self.checkStored(target.name, connection)
      _ = try Self.ensureProfile(name, connection, now: now)
      let grants = try connection.query(
        "SELECT app, client_key FROM accounts WHERE profile = ?", [.text(name)]
      ) { AppGrant(name: $0.optionalText(0), clientKey: $0.optionalText(1)) }
      if let problem = AppUse.bindingProblem(
        profile: name, accounts: grants, target: target, catalog: catalog)
      {
        throw problem
      }
      try connection.run(
        "UPDATE profiles SET app = ? WHERE name = ?", [.text(target.name), .text(name)])
      try connection.run(
        "UPDATE accounts SET app = ?, client_key = coalesce(client_key, ?) WHERE profile = ?",
        [.text(target.name), .text(target.clientKey.value), .text(name)])
    }
  }

  /// Refuses an app name that is neither the sandbox nor stored.
  static func checkStored(_ app: String, _ connection: Connection) throws {
    guard app != AppRecord.sandbox else { return }
    let stored = try connection.query("SELECT 1 FROM apps WHERE name = ?", [.text(app)]) {
      $0.int(0)
    }
    guard !stored.isEmpty else {
      throw DomainError.failed(
        "no app named \"\(UntrustedText.sanitize(app))\" is stored; see `tractok app list`")
    }
  }
}
