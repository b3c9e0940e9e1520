import Domain
import Foundation
import Storage

/// `tractok doctor`: checks the configuration and says what to fix.
enum DoctorCommand: SynchronousCommand {
  static let name = "doctor"
  static let summary = "check configuration, key, permissions and redirect URI; say what to fix"
  static let usage = "doctor"
  static let details = """
    Checks the data directory and file permissions (group or others must have no access; it
    says what to chmod and changes nothing), the encryption key, every TikTok app (the
    built-in sandbox, the environment's, the stored ones: which profiles and accounts use it,
    and where each setting comes from: environment, app record or default), that every
    account can reach the app it was granted through, each redirect URI against TikTok's rules
    for desktop apps (and what to register at TikTok: http://127.0.0.1:*/callback/ unless your
    app needs a fixed port; it warns when a fixed port is held by another program now, naming
    it), the scopes, the base URLs and TRACTOK_CALLBACK_USERS. Exits 0 when nothing must be
    fixed, 1 otherwise.
    """
  static let spec = ArgumentSpec()

  /// One finding: ok, a warning, or a problem that must be fixed.
  struct Finding: Equatable {
    enum Level: String {
      case ok = "ok"
      case warning = "warn"
      case problem = "FIX"
    }
    let level: Level
    let text: String
  }

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let findings = check(context.configuration, environment: context.environment)
    for finding in findings {
      context.output.line(
        "[\(finding.level.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0))] \(finding.text)"
      )
    }
    let problems = findings.filter { $0.level == .problem }.count
    context.output.line(
      problems == 0 ? "No problems found." : "\(Format.count(problems, "problem")) to fix.")
    return problems == 0 ? .ok : .failure
  }

  static func check(_ configuration: Configuration, environment: [String: String]) -> [Finding] {
    let (findings, store) = storageFindings(configuration)
    let catalog = AppCatalog(
      environment: configuration.apps, records: (try? store?.apps()) ?? [],
      sandbox: LiveSandbox.credentials)
    return findings + appFindings(catalog, store: store)
      + redirectFindings(configuration, apps: catalog.all) + proxyFindings(configuration.proxy)
      + settingFindings(environment)
      + callbackUserFindings(configuration)
  }

  /// `TRACTOK_CALLBACK_USERS` must name users of this machine.
  private static func callbackUserFindings(_ configuration: Configuration) -> [Finding] {
    do {
      _ = try CallbackUsers.access(configuration)
      return []
    } catch {
      return [Finding(level: .problem, text: error.message)]
    }
  }

  /// The data directory, the key and the database; the store when it opened.
  private static func storageFindings(_ configuration: Configuration) -> ([Finding], Store?) {
    let home = configuration.home
    // Checked before anything is opened or created: a loose file is reported, never changed.
    let loose = PrivateFiles.looseModes(home: home, keyFile: configuration.encryptionKey == nil)
    if let problem = PrivateModes.problem(loose) {
      return ([Finding(level: .problem, text: problem)], nil)
    }
    var findings: [Finding] = []
    do {
      let store = try Store.open(home: home, environmentKey: configuration.encryptionKey)
      let source =
        store.keyStore.source == .environment
        ? "TIKTOK_ENCRYPTION_KEY" : "key file \(store.keyStore.keyPath)"
      findings.append(
        Finding(
          level: .ok,
          text: "data in \(home); tokens sealed with key \(store.sealer.key.idText) from \(source)")
      )
      let integrity = (try? store.integrityCheck()) ?? ["unreadable"]
      if integrity != ["ok"] {
        findings.append(
          Finding(
            level: .problem,
            text:
              "the database failed its integrity check: \(integrity.prefix(3).joined(separator: "; ")); restore a backup"
          ))
      }
      let accounts = (try? store.allAccounts()) ?? []
      let broken = accounts.filter {
        !$0.displayStatus(at: Date()).isUsable && $0.status != .overLimit
      }
      if !broken.isEmpty {
        findings.append(
          Finding(
            level: .warning,
            text: "\(Format.count(broken.count, "account")) need a reconnect: run `tractok status`")
        )
      }
      return (findings, store)
    } catch {
      findings.append(Finding(level: .problem, text: error.message))
      return (findings, nil)
    }
  }

  private static func settingFindings(_ environment: [String: String]) -> [Finding] {
    var findings: [Finding] = []
    if let listen = environment["TRACTOK_LISTEN"],
      case .failure(let error) = ListenAddress.parse(listen)
    {
      findings.append(Finding(level: .problem, text: error.message))
    }
    if let margin = environment["TRACTOK_REFRESH_MARGIN"], (TimeInterval(margin) ?? -1) < 0 {
      findings.append(
        Finding(
          level: .problem,
          text: "TRACTOK_REFRESH_MARGIN must be a number of seconds >= 0 (it is ignored now)"))
    }
    if environment["TRACTOK_TEST_DISABLE_LEASE"] == "1" {
      findings.append(
        Finding(
          level: .problem,
          text:
            "TRACTOK_TEST_DISABLE_LEASE=1 turns off the refresh lease; it is for tests only: unset it"
        ))
    }
    if environment["TRACTOK_TEST_STOP_AT"] != nil {
      findings.append(
        Finding(
          level: .problem,
          text: "TRACTOK_TEST_STOP_AT stops tractok in the middle of refreshes; it is for tests "
            + "only: unset it"))
    }
    return findings
  }

  /// The proxy in use, by host and port only (its URL may hold a password).
  private static func proxyFindings(_ settings: ProxySettings) -> [Finding] {
    if let problem = settings.problem { return [Finding(level: .problem, text: problem)] }
    guard let proxy = settings.proxy else { return [] }
    let exempt =
      settings.exemptions.isEmpty ? "" : " (not for \(settings.exemptions.joined(separator: ", ")))"
    return [
      Finding(
        level: .ok,
        text: "calls to TikTok go through the proxy \(proxy.host):\(proxy.port)\(exempt)")
    ]
  }
}
