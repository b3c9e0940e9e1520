import Domain
import Foundation
import Storage

/// `tractok accounts [--json]`: the profile's accounts with their status and token times.
enum AccountsCommand: SynchronousCommand {
  static let name = "accounts"
  static let summary = "list the profile's accounts, their status and token times"
  static let usage = "accounts [--json]"
  static let details = """
    Lists every account of the profile: a `*` marks the current one, then status, the time
    left on the access token, @username and display name. Nothing is decrypted.

    Options:
      --json   print a JSON array with open_id, display_name, username, status, selected,
               access_expires_at, refresh_expires_at (ISO 8601), scopes, app (the app it was
               granted through) and union_id
    """
  static let spec = ArgumentSpec(flags: ["--json"])

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let store = try context.store()
    let profile = try context.attempt { try store.profile(context.profile) }
    let accounts = try context.attempt { try store.accounts(profile: context.profile) }
    let now = Date()
    if arguments.flags.contains("--json") {
      let items = accounts.map { json($0, selected: $0.openID == profile.selectedOpenID, now: now) }
      context.output.line(JSONOutput.array(items).pretty())
      return .ok
    }
    guard !accounts.isEmpty else {
      context.output.line(
        "No accounts in profile \(context.profile) (\(profile.tier.rawValue), 0 of "
          + "\(profile.tier.slotLimit) slots). Connect one with `tractok connect`.")
      // A mistyped --profile makes a new, empty profile: show where the accounts are.
      let elsewhere = Dictionary(grouping: (try? store.allAccounts()) ?? [], by: \.profile)
      if !elsewhere.isEmpty {
        let list = elsewhere.keys.sorted().map {
          "\($0) (\(Format.count(elsewhere[$0]?.count ?? 0, "account")))"
        }
        context.output.line(
          "Other profiles: \(list.joined(separator: ", ")); choose one with --profile NAME.")
      }
      return .ok
    }
    let rows = accounts.map { account in
      let status = account.displayStatus(at: now)
      return [
        account.openID == profile.selectedOpenID ? "*" : " ",
        status.badge,
        account.accessTimeLeft(at: now) ?? "-",
        account.handle,
        account.displayName,
      ]
    }
    for line in TextTable.render(rows) { context.output.line(line) }
    context.output.line(
      "\(accounts.count) of \(profile.tier.slotLimit) slots used (\(profile.tier.rawValue) tier)")
    return .ok
  }

  /// One account as the `--json` object docs/json.md describes.
  static func json(_ account: Account, selected: Bool, now: Date) -> JSONOutput {
    .object([
      ("open_id", .string(UntrustedText.sanitize(account.openID))),
      ("display_name", .string(UntrustedText.sanitize(account.displayName))),
      ("username", .string(UntrustedText.sanitize(account.username))),
      ("status", .string(account.displayStatus(at: now).rawValue)),
      ("selected", .bool(selected)),
      ("access_expires_at", .string(ISO8601.text(account.accessExpiresAt))),
      ("refresh_expires_at", .string(ISO8601.text(account.refreshExpiresAt))),
      ("scopes", .array(account.grantedScopes.map { .string(UntrustedText.sanitize($0)) })),
      ("app", .optional(account.app.name)),
      ("union_id", .optional(account.unionID.map(UntrustedText.sanitize))),
    ])
  }
}
