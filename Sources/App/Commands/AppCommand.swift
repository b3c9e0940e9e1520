import Domain
import Foundation
import Storage

/// `tractok app add|list|remove`: the TikTok apps tractok knows, secrets sealed in SQLite.
enum AppCommand: SynchronousCommand {
  static let name = "app"
  static let summary = "store, list and remove TikTok apps (client secrets sealed in SQLite)"
  static let usage = """
    app add NAME --client-key KEY [--redirect-uri URI] [--scopes LIST] [--auth-base-url URL] [--api-base-url URL]
    app list [--json]
    app remove NAME
    """
  static let details = """
    `add` stores an app under NAME. Its client secret is read from the terminal without echo,
    or from standard input when that is not a terminal (`tractok app add brand --client-key
    KEY < secret-file`), never from an argument, and is sealed like the tokens (AES-256-GCM,
    bound to the app's name; `tractok rekey` re-seals it). Unset settings take the
    environment's value (TIKTOK_REDIRECT_URI, TIKTOK_SCOPES, ...) or the default. `sandbox` as
    both base URLs puts the app on the in-process sandbox.

    `list` shows every app: the built-in `sandbox`, the environment's (when TIKTOK_CLIENT_KEY is
    set) and the stored ones, with who uses them; never a secret. `remove` refuses while a
    profile is bound to the app or an account was granted through it.

    Bind a profile to an app with `tractok profile create NAME --app APP` or
    `tractok profile set-app NAME APP`. Environment variables win over a stored app's settings.

    Options:
      --client-key KEY     the app's client key (TikTok developer portal, Manage apps)
      --redirect-uri URI   the redirect URI registered for the app
      --scopes LIST        comma-separated scopes to ask for
      --auth-base-url URL  where /v2/auth/authorize/ lives (`sandbox`: the in-process sandbox)
      --api-base-url URL   where /v2/oauth/..., /v2/user/..., /v2/video/... live
      --json               (list) print a JSON array: name, kind, client_key, redirect_uri,
                           scopes, auth_base_url, api_base_url, profiles, accounts
    """
  static let spec = ArgumentSpec(
    flags: ["--json"],
    options: ["--client-key", "--redirect-uri", "--scopes", "--auth-base-url", "--api-base-url"],
    positionals: 1...2)
  static let completionWords = ["add", "list", "remove"]

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let words = arguments.positionals
    let given = Set(arguments.options.keys).union(arguments.flags)
    switch (words[0], words.count) {
    case ("add", 2):
      try only(
        given,
        [
          "--client-key", "--redirect-uri", "--scopes", "--auth-base-url",
          "--api-base-url",
        ], for: "add")
      return try add(words[1], arguments, context)
    case ("list", 1):
      try only(given, ["--json"], for: "list")
      return try list(json: arguments.flags.contains("--json"), context)
    case ("remove", 2):
      try only(given, [], for: "remove")
      let store = try context.store()
      try context.attempt { try store.removeApp(words[1]) }
      context.output.line("Removed app \(words[1]).")
      return .ok
    default:
      throw .usage("use `tractok app add NAME --client-key KEY`, `app list` or `app remove NAME`")
    }
  }

  /// Refuses options that belong to another subcommand.
  static func only(_ given: Set<String>, _ allowed: Set<String>, for subcommand: String)
    throws(CommandFailure)
  {
    if let stray = given.subtracting(allowed).sorted().first {
      throw .usage("\(stray) does not go with `\(name) \(subcommand)`")
    }
  }

  private static func add(_ appName: String, _ arguments: Arguments, _ context: Context)
    throws(CommandFailure) -> ExitCode
  {
    guard let key = arguments.options["--client-key"] else {
      throw .usage("`tractok app add` needs --client-key KEY")
    }
    let scopes = arguments.options["--scopes"].map(Scope.parse)
    if scopes?.isEmpty == true { throw .usage("--scopes needs at least one scope") }
    var record = AppRecord(
      name: appName, clientKey: key, redirectURI: arguments.options["--redirect-uri"],
      scopes: scopes, authBaseURL: arguments.options["--auth-base-url"],
      apiBaseURL: arguments.options["--api-base-url"])
    // One base URL on the sandbox puts the app there whole.
    if record.authBaseURL == AppRecord.sandboxURL, record.apiBaseURL == nil {
      record.apiBaseURL = AppRecord.sandboxURL
    } else if record.apiBaseURL == AppRecord.sandboxURL, record.authBaseURL == nil {
      record.authBaseURL = AppRecord.sandboxURL
    }
    if let problem = record.problems.first { throw .usage(problem) }
    if let uri = record.redirectURI {
      let problems =
        RedirectURI(uri).map(\.desktopProblems) ?? [RedirectURI.unparseableProblem(uri)]
      if let problem = problems.first { throw .usage("--redirect-uri: \(problem)") }
    }
    let store = try context.store()
    // Checked before the secret is asked for: nobody types a secret to be told the name is taken.
    if try context.attempt({ try store.apps() }).contains(where: { $0.name == appName }) {
      throw .failure(
        "an app named \(appName) is stored already; remove it first (`tractok app remove`)")
    }
    let secret = try SecretReader.read(
      prompt: "Client secret of app \(appName) (typing is not shown): ", output: context.output)
    try context.attempt { try store.addApp(record, secret: secret, now: Date()) }
    context.output.line(
      "Stored app \(appName) (client key \(UntrustedText.sanitize(key))); its secret is sealed.")
    context.output.line(
      "Bind a profile to it: `tractok profile create NAME --app \(appName)` or "
        + "`tractok profile set-app PROFILE \(appName)`.")
    return .ok
  }

  private static func list(json: Bool, _ context: Context) throws(CommandFailure) -> ExitCode {
    let services = try context.services()
    let store = services.store
    let catalog = try context.attempt { try services.catalog() }
    let profiles = try context.attempt { try store.profiles() }.map(\.record)
    let accounts = try context.attempt { try store.allAccounts() }
    let defaultApp = try context.attempt { try catalog.forProfile(nil) }.name
    let apps = catalog.all.map { app in
      (
        app,
        AppUse.users(of: app.name, profiles: profiles, accounts: accounts, defaultApp: defaultApp)
      )
    }
    if json {
      context.output.line(JSONOutput.array(apps.map { Self.json($0.0, users: $0.1) }).pretty())
      return .ok
    }
    let rows =
      [["NAME", "KIND", "CLIENT KEY", "API BASE", "USED BY"]]
      + apps.map { app, users in
        [
          app.name, app.kind, app.clientKey.value, app.apiBaseURL.value,
          (users.profiles.isEmpty ? "no profile" : users.profiles.joined(separator: ", "))
            + " (\(Format.count(users.accounts, "account")))",
        ]
      }
    for line in TextTable.render(rows) { context.output.line(line) }
    return .ok
  }

  /// One app as the `--json` object of docs/json.md; never its secret.
  static func json(_ app: ResolvedApp, users: (profiles: [String], accounts: Int)) -> JSONOutput {
    let text = { (value: String) in JSONOutput.string(UntrustedText.sanitize(value)) }
    return .object([
      ("name", text(app.name)),
      ("kind", .string(app.kind)),
      ("client_key", text(app.clientKey.value)),
      ("redirect_uri", text(app.redirectURI.value)),
      ("scopes", .array(app.scopes.value.map(text))),
      ("auth_base_url", text(app.authBaseURL.value)),
      ("api_base_url", text(app.apiBaseURL.value)),
      ("profiles", .array(users.profiles.map(text))),
      ("accounts", .number(Int64(users.accounts))),
    ])
  }
}
