import Domain
import Foundation

extension Store {
  /// Every stored app by name; their secrets stay sealed.
  public func apps() throws(DomainError) -> [AppRecord] {
    try read { connection in
      try connection.query(
        """
        SELECT name, client_key, redirect_uri, scopes, auth_base_url, api_base_url FROM apps
        ORDER BY name
        """
      ) { row in
        AppRecord(
          name: row.text(0), clientKey: row.text(1), redirectURI: row.optionalText(2),
          scopes: row.optionalText(3).map(Scope.parse), authBaseURL: row.optionalText(4),
          apiBaseURL: row.optionalText(5))
      }
    }
  }

  /// Stores a new app with its client secret sealed (bound to the app's name); refused when
  /// the record has problems or the name is taken, with nothing written.
  public func addApp(_ record: AppRecord, secret: Secret, now: Date) throws(DomainError) {
    if let problem = record.problems.first { throw .failed(problem) }
    guard !secret.isEmpty else { throw .failed("the client secret is empty") }
    try keyedWrite { connection, sealer in
      let taken = try connection.query(
        "SELECT 1 FROM apps WHERE name = ?", [.text(record.name)]
      ) { $0.int(0) }
      guard taken.isEmpty else {
        throw DomainError.failed(
          "an app named \(record.name) is stored already; remove it first (`tractok app remove`)")
      }
      try connection.run(
        """
        INSERT INTO apps (name, client_key, client_secret, redirect_uri, scopes, auth_base_url,
          api_base_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          .text(record.name), .text(record.clientKey),
          .blob(try sealer.seal(clientSecret: secret, app: record.name)),
          .optional(record.redirectURI), .optional(record.scopes.map(Scope.join)),
          .optional(record.authBaseURL), .optional(record.apiBaseURL), .date(now),
        ])
    }
  }

  /// The client secret of the stored app `name`, opened.
  public func appSecret(_ name: String) throws(DomainError) -> Secret {
    try openingCurrent { () throws(DomainError) in try openAppSecret(name) }
  }

  private func openAppSecret(_ name: String) throws(DomainError) -> Secret {
    let blob = try read { connection in
      try connection.query("SELECT client_secret FROM apps WHERE name = ?", [.text(name)]) {
        $0.blob(0)
      }.first
    }
    guard let blob = blob ?? nil else {
      throw .failed("no app named \"\(UntrustedText.sanitize(name))\" is stored")
    }
    return try sealer.openClientSecret(blob, app: name)
  }

  /// Removes the stored app `name`, refused (Domain's `AppUse`) while a profile is bound to it
  /// or an account or a queued revoke was granted through it.
  public func removeApp(_ name: String) throws(DomainError) {
    try write { connection in
      guard name != AppRecord.sandbox else {
        throw DomainError.failed("the built-in sandbox app cannot be removed")
      }
      try Self.checkStored(name, connection)
      let profiles = try connection.query(
        "SELECT name FROM profiles WHERE app = ?", [.text(name)]
      ) { $0.text(0) }
      let accounts = try Self.count("accounts", app: name, connection)
      let queued = try Self.count("pending_revocations", app: name, connection)
      if let problem = AppUse.removalProblem(
        name, profiles: profiles, accounts: accounts, queuedRevokes: queued)
      {
        throw problem
      }
      try connection.run("DELETE FROM apps WHERE name = ?", [.text(name)])
    }
  }

  /// How many rows of `table` name the app `name`.
  private static func count(_ table: String, app name: String, _ connection: Connection) throws
    -> Int
  {
    try connection.query("SELECT count(*) FROM \(table) WHERE app = ?", [.text(name)]) {
      $0.int(0)
    }.first ?? 0
  }
}
