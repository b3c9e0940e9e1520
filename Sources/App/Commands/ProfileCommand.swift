import Domain
import Foundation
import Storage

/// `tractok profile create|list|set-app`: workspace profiles and the app each connects through.
enum ProfileCommand: SynchronousCommand {
  static let name = "profile"
  static let summary = "create and list profiles, and bind a profile to a TikTok app"
  static let usage = """
    profile create NAME [--app APP] [--tier free|pro|agency]
    profile list [--json]
    profile set-app NAME APP
    """
  static let details = """
    A profile is a workspace: its accounts, its tier and its app. New accounts of a profile
    are connected through its app; an account keeps the app it was granted through (TikTok's
    open_id is unique per app, so the same TikTok user connected through two apps is two
    accounts). A profile bound to no app uses the environment's app (TIKTOK_CLIENT_KEY), else
    the built-in sandbox.

    `create` makes a profile (tier free unless --tier says otherwise), bound to APP if given.
    `list` shows every profile with its app, tier and accounts; `*` marks the one this command
    ran with (--profile, $TRACTOK_PROFILE or default). `set-app` binds a profile to APP; it
    refuses while the profile holds accounts granted through another app (disconnect them
    first). Apps are stored with `tractok app add`.

    Options:
      --app APP    the app the new profile connects through (`tractok app list`)
      --tier TIER  free (1 account), pro (5) or agency (25)
      --json       (list) print a JSON array: name, app, uses_app, tier, accounts, slot_limit,
                   current
    """
  static let spec = ArgumentSpec(
    flags: ["--json"], options: ["--app", "--tier"], positionals: 1...3)
  static let completionWords = ["create", "list", "set-app"]

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let words = arguments.positionals
    let given = Set(arguments.options.keys).union(arguments.flags)
    switch (words[0], words.count) {
    case ("create", 2):
      try AppCommand.only(given, ["--app", "--tier"], for: "create")
      return try create(
        words[1], app: arguments.options["--app"], tier: arguments.options["--tier"], context)
    case ("list", 1):
      try AppCommand.only(given, ["--json"], for: "list")
      return try list(json: arguments.flags.contains("--json"), context)
    case ("set-app", 3):
      try AppCommand.only(given, [], for: "set-app")
      let services = try context.services()
      let catalog = try context.attempt { try services.catalog() }
      let target = try context.attempt { try catalog.forProfile(words[2]) }
      try context.attempt {
        try services.store.bindProfile(words[1], to: target, catalog: catalog, now: Date())
      }
      context.output.line("Profile \(words[1]) now connects through app \(target.label).")
      return .ok
    default:
      throw .usage(
        "use `tractok profile create NAME`, `profile list` or `profile set-app NAME APP`")
    }
  }

  private static func create(
    _ profile: String, app: String?, tier name: String?, _ context: Context
  ) throws(CommandFailure) -> ExitCode {
    var tier = Tier.free
    if let name { tier = try TierCommand.parse(name) }
    let services = try context.services()
    let catalog = try context.attempt { try services.catalog() }
    let uses = try context.attempt { try catalog.forProfile(app) }
    try context.attempt {
      try services.store.createProfile(profile, app: app, tier: tier, now: Date())
    }
    context.output.line(
      "Created profile \(profile) (\(tier.rawValue) tier), connecting through app \(uses.label)"
        + (app == nil ? " (no app bound)." : "."))
    return .ok
  }

  private static func list(json: Bool, _ context: Context) throws(CommandFailure) -> ExitCode {
    let services = try context.services()
    var profiles = try context.attempt { try services.store.profiles() }
    // The profile this command runs with, even before anything was stored for it.
    if !profiles.contains(where: { $0.record.name == context.profile }) {
      let current = try context.attempt { try services.store.profile(context.profile) }
      profiles.append(ProfileSummary(record: current, accounts: 0))
      profiles.sort { $0.record.name < $1.record.name }
    }
    let catalog = try context.attempt { try services.catalog() }
    let defaultApp = try context.attempt { try catalog.forProfile(nil) }.name
    if json {
      let items = profiles.map { summary -> JSONOutput in
        let record = summary.record
        return .object([
          ("name", .string(record.name)),
          ("app", .optional(record.app)),
          ("uses_app", .string(record.app ?? defaultApp)),
          ("tier", .string(record.tier.rawValue)),
          ("accounts", .number(Int64(summary.accounts))),
          ("slot_limit", .number(Int64(record.tier.slotLimit))),
          ("current", .bool(record.name == context.profile)),
        ])
      }
      context.output.line(JSONOutput.array(items).pretty())
      return .ok
    }
    let rows =
      [[" ", "PROFILE", "APP", "TIER", "ACCOUNTS"]]
      + profiles.map { summary in
        let record = summary.record
        return [
          record.name == context.profile ? "*" : " ", record.name,
          record.app ?? "\(defaultApp) (none bound)", record.tier.rawValue,
          "\(summary.accounts) of \(record.tier.slotLimit)",
        ]
      }
    for line in TextTable.render(rows) { context.output.line(line) }
    return .ok
  }
}
