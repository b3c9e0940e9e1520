import Domain
import Foundation

/// `tractok tier [set free|pro|agency]`: shows or changes the profile's tier.
enum TierCommand: SynchronousCommand {
  static let name = "tier"
  static let summary = "show or change the profile's tier (free 1, pro 5, agency 25 accounts)"
  static let usage = "tier\ntier set free|pro|agency"
  static let details = """
    Without arguments, shows the tier and how many slots are used. `set` changes it. Lowering
    the tier never deletes accounts: the surplus ones become over-limit (no refresh, no token)
    until you disconnect some or upgrade again; the current account and then the earliest
    connected ones stay active (choose others in the UI).
    """
  static let spec = ArgumentSpec(positionals: 0...2)
  static let completionWords = ["set"] + Tier.allCases.map(\.rawValue)

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let store = try context.store()
    switch arguments.positionals.count {
    case 0:
      let profile = try context.attempt { try store.profile(context.profile) }
      let accounts = try context.attempt { try store.accounts(profile: context.profile) }
      context.output.line(
        "Profile \(context.profile): \(profile.tier.rawValue) tier, \(accounts.count) of "
          + "\(profile.tier.slotLimit) slots used")
      for tier in Tier.allCases {
        let marker = tier == profile.tier ? "*" : " "
        context.output.line(
          "  \(marker) \(tier.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(Format.count(tier.slotLimit, "account"))"
        )
      }
      return .ok
    case 2 where arguments.positionals[0] == "set":
      let tier = try parse(arguments.positionals[1])
      let changed = try context.attempt {
        try store.setTier(tier, profile: context.profile, now: Date())
      }
      let accounts = try context.attempt { try store.accounts(profile: context.profile) }
      context.output.line(
        "Profile \(context.profile) is now on the \(tier.rawValue) tier: \(accounts.count) of "
          + "\(tier.slotLimit) slots used")
      let byID = Dictionary(uniqueKeysWithValues: accounts.map { ($0.openID, $0) })
      for openID in changed {
        guard let account = byID[openID] else { continue }
        let state =
          switch account.status {
          case .overLimit: "is now over-limit"
          case .active, .error: "is active again"
          // Leaving the limit does not cure a dead grant.
          case .expired, .revoked: "is in a slot again but \(account.status.rawValue): reconnect it"
          }
        context.output.line("  \(UntrustedText.sanitize(account.label)) \(state)")
      }
      return .ok
    default:
      throw .usage("use `tractok tier` or `tractok tier set free|pro|agency`")
    }
  }

  /// A tier's name as typed (any case).
  static func parse(_ name: String) throws(CommandFailure) -> Tier {
    guard let tier = Tier(rawValue: name.lowercased()) else {
      throw .usage("unknown tier \(UntrustedArgument.show(name)); choose free, pro or agency")
    }
    return tier
  }
}
