import Domain
import Foundation
import Storage

extension DoctorCommand {
  /// Every app: who uses it, each setting with where it comes from, and what makes it unusable
  /// (a missing secret, a base URL that is not https, a sealed secret that does not open) or
  /// odd (scopes tractok does not use); then the accounts that cannot reach the app they were
  /// granted through.
  static func appFindings(_ catalog: AppCatalog, store: Store?) -> [Finding] {
    let profiles = (try? store?.profiles()) ?? []
    let accounts = (try? store?.allAccounts()) ?? []
    let defaultApp = (try? catalog.forProfile(nil))?.name
    var findings: [Finding] = []
    for app in catalog.all {
      let (bound, granted) = AppUse.users(
        of: app.name, profiles: profiles.map(\.record), accounts: accounts, defaultApp: defaultApp)
      var problems = app.problems
      if app.clientSecret.source == .appRecord, let store {
        do {
          _ = try store.appSecret(app.name)
        } catch {
          problems.append("its client secret does not open: \(error.message)")
        }
      }
      let unknown = app.scopes.value.filter { !Scope.defaults.contains($0) }
      let users =
        (bound.isEmpty
          ? "no profile"
          : "profile\(bound.count == 1 ? "" : "s") "
            + bound.joined(separator: ", ")) + ", \(Format.count(granted, "account"))"
      var lines = ["app \(app.name) (\(app.kind)): \(users)"] + settingLines(app)
      lines += problems
      if !unknown.isEmpty {
        lines.append(
          "scopes tractok does not use: "
            + unknown.map(UntrustedText.sanitize).joined(separator: ", "))
      }
      let level: Finding.Level = !problems.isEmpty ? .problem : unknown.isEmpty ? .ok : .warning
      findings.append(Finding(level: level, text: lines.joined(separator: "\n       ")))
    }
    return findings + unreachableFindings(accounts, catalog)
  }

  /// Accounts whose app is gone or now has another client key, grouped by why.
  private static func unreachableFindings(_ accounts: [Account], _ catalog: AppCatalog)
    -> [Finding]
  {
    var byReason: [String: [String]] = [:]
    for account in accounts {
      do {
        _ = try catalog.forAccount(account.app)
      } catch {
        byReason[error.message, default: []].append(UntrustedText.sanitize(account.handle))
      }
    }
    return byReason.keys.sorted().map { reason in
      let handles = byReason[reason] ?? []
      let named = handles.prefix(3).joined(separator: ", ") + (handles.count > 3 ? ", ..." : "")
      return Finding(
        level: .problem,
        text: "\(Format.count(handles.count, "account")) (\(named)) cannot refresh or call "
          + "TikTok: \(reason)")
    }
  }

  /// One line per setting: its value (never the secret) and where it comes from.
  private static func settingLines(_ app: ResolvedApp) -> [String] {
    let place = { (url: String) in url == AppRecord.sandboxURL ? "the in-process sandbox" : url }
    let secret =
      app.clientSecret.value != nil || app.clientSecret.source == .appRecord ? "set" : "missing"
    let rows: [(String, String, SettingSource)] = [
      ("client key", app.clientKey.value, app.clientKey.source),
      (
        "secret", app.clientSecret.source == .appRecord ? "sealed" : secret, app.clientSecret.source
      ),
      ("redirect URI", app.redirectURI.value, app.redirectURI.source),
      ("scopes", Scope.join(app.scopes.value), app.scopes.source),
      ("auth base", place(app.authBaseURL.value), app.authBaseURL.source),
      ("API base", place(app.apiBaseURL.value), app.apiBaseURL.source),
    ]
    return rows.map { name, value, source in
      "  " + name.padding(toLength: 13, withPad: " ", startingAt: 0)
        + UntrustedText.sanitize(value) + "  (\(source.description))"
    }
  }
}
