import Domain
import Foundation
import Storage

/// `tractok status [ACCOUNT] [--json]`: account health for people, monitoring and scripts.
enum StatusCommand: SynchronousCommand {
  static let name = "status"
  static let summary = "account health; exit 0 when every (or the named) account is usable"
  static let usage = "status [ACCOUNT] [--json]"
  static let details = """
    Prints the profile's tier and slots, then each account's badge, name and why it has that
    badge (token countdown, next attempt, "reconnect before DATE", the reason it expired).

    With ACCOUNT (or $TRACTOK_ACCOUNT), only that account: exit 0 when it can hand out a
    token, 4 when it needs a reconnect (expired, revoked), 1 otherwise (over the tier's
    limit). Without, exit 0 only when every account is usable, 1 otherwise.

    Options:
      --json   print a JSON array, one object per account: open_id, display_name, username,
               status, usable, reason, access_expires_at, refresh_expires_at,
               next_attempt_at, reconnect_before (ISO 8601; null where it does not apply)
    """
  static let spec = ArgumentSpec(flags: ["--json"], positionals: 0...1)

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let store = try context.store()
    let record = try context.attempt { try store.profile(context.profile) }
    let named = arguments.positionals.first ?? context.environmentAccount
    let accounts =
      named == nil
      ? try context.attempt { try store.accounts(profile: context.profile) }
      : [try context.accountOrSelected(arguments.positionals.first)]
    let now = Date()
    if arguments.flags.contains("--json") {
      context.output.line(JSONOutput.array(accounts.map { json($0, now: now) }).pretty())
    } else {
      text(accounts, record: record, single: named != nil, store: store, context, now: now)
    }
    guard named != nil, let account = accounts.first else {
      return accounts.allSatisfy { $0.displayStatus(at: now).isUsable } ? .ok : .failure
    }
    if account.needsReconnect(at: now) { return .needsReconnect }
    return account.displayStatus(at: now).isUsable ? .ok : .failure
  }

  private static func text(
    _ accounts: [Account], record: ProfileRecord, single: Bool, store: Store,
    _ context: Context, now: Date
  ) {
    if !single {
      context.output.line(
        "Profile \(context.profile): \(record.tier.rawValue) tier, "
          + "\(accounts.count) of \(record.tier.slotLimit) slots used")
    }
    let rows = accounts.map { account -> [String] in
      [
        account.openID == record.selectedOpenID ? "*" : " ",
        account.displayStatus(at: now).badge,
        "\(account.label): \(account.statusExplanation(at: now))",
      ]
    }
    for line in TextTable.render(rows) { context.output.line(line) }
    guard !single else { return }
    if let pending = try? store.pendingRevocationCount(), pending > 0 {
      context.output.line(
        "\(Format.count(pending, "revocation")) waiting to be retried (`tractok refresh`).")
    }
    let unusable = accounts.filter { !$0.displayStatus(at: now).isUsable }
    if !unusable.isEmpty {
      context.output.line("\(Format.count(unusable.count, "account")) cannot give a token.")
    }
  }

  /// One account as the `--json` object of PRODUCT.md section 9 (docs/json.md).
  static func json(_ account: Account, now: Date) -> JSONOutput {
    let status = account.displayStatus(at: now)
    let dead = account.needsReconnect(at: now)
    return .object([
      ("open_id", .string(UntrustedText.sanitize(account.openID))),
      ("display_name", .string(UntrustedText.sanitize(account.displayName))),
      ("username", .string(UntrustedText.sanitize(account.username))),
      ("status", .string(status.rawValue)),
      ("usable", .bool(status.isUsable)),
      ("reason", .string(UntrustedText.sanitize(account.statusExplanation(at: now)))),
      ("access_expires_at", dead ? .null : .string(ISO8601.text(account.accessExpiresAt))),
      ("refresh_expires_at", dead ? .null : .string(ISO8601.text(account.refreshExpiresAt))),
      ("next_attempt_at", .optional(account.nextAttempt.map(ISO8601.text))),
      ("reconnect_before", .optional(account.reconnectBefore(at: now).map(ISO8601.text))),
    ])
  }
}
