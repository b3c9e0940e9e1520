import Domain
import Foundation
import Storage

/// `tractok status`: one line per account; exit 0 only when every account is usable.
enum StatusCommand: Command {
  static let name = "status"
  static let summary = "summarise account health; exit 0 when every account is usable"
  static let usage = "status"
  static let details = """
    Prints the profile's tier and slots, then each account's badge, name and why it has that
    badge (token countdown, next attempt, "reconnect before DATE", the reason it expired).
    Exits 0 when every account can hand out a token, 1 otherwise (for monitoring).
    """
  static let spec = ArgumentSpec()

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let store = try context.store()
    let record = try context.attempt { try store.profile(context.profile) }
    let accounts = try context.attempt { try store.accounts(profile: context.profile) }
    let now = Date()
    context.output.line(
      "Profile \(context.profile): \(record.tier.rawValue) tier, \(accounts.count) of \(record.tier.slotLimit) slots used"
    )
    let rows = accounts.map { account -> [String] in
      let status = account.displayStatus(at: now)
      return [
        account.openID == record.selectedOpenID ? "*" : " ",
        status.badge,
        "\(account.label): \(account.statusExplanation(at: now))",
      ]
    }
    for line in TextTable.render(rows) { context.output.line(line) }
    let unusable = accounts.filter { !$0.displayStatus(at: now).isUsable }
    if let pending = try? store.pendingRevocationCount(), pending > 0 {
      context.output.line(
        "\(Format.count(pending, "revocation")) waiting to be retried (`tractok refresh`).")
    }
    if !unusable.isEmpty {
      context.output.line("\(Format.count(unusable.count, "account")) cannot give a token.")
    }
    return unusable.isEmpty ? .ok : .failure
  }
}
