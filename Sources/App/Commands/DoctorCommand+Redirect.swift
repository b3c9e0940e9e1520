import Domain
import Foundation

extension DoctorCommand {
  /// Each redirect URI the apps use, once: against TikTok's desktop rules, what to register at
  /// TikTok, and whether a fixed port is held by another program right now.
  static func redirectFindings(_ configuration: Configuration, apps: [ResolvedApp]) -> [Finding] {
    let uris = apps.map(\.redirectURI.value).reduce(into: [String]()) { list, uri in
      if !list.contains(uri) { list.append(uri) }
    }
    return uris.flatMap { uri in
      let users = apps.filter { $0.redirectURI.value == uri }
      let label =
        switch users.first?.redirectURI.source {
        case .environment(let variable)?: variable
        case .appRecord?: "the redirect URI of app \(users.map(\.name).joined(separator: ", "))"
        default: "the default redirect URI"
        }
      return redirectFindings(
        uri, label: label, apps: users.map(\.name), configuration: configuration)
    }
  }

  /// One redirect URI's findings; `label` names where it is set, `apps` who uses it.
  private static func redirectFindings(
    _ text: String, label: String, apps: [String], configuration: Configuration
  ) -> [Finding] {
    guard let uri = RedirectURI(text) else {
      return [
        Finding(level: .problem, text: "\(label): " + RedirectURI.unparseableProblem(text))
      ]
    }
    let problems = uri.desktopProblems.map { Finding(level: .problem, text: "\(label): \($0)") }
    var findings = problems
    if configuration.listen != nil && uri.isLoopback {
      findings.append(
        Finding(
          level: .warning,
          text: "TRACTOK_LISTEN is set although the redirect URI is already loopback"))
    }
    guard problems.isEmpty else { return findings }
    findings.append(
      Finding(
        level: .ok,
        text: "redirect URI \(text) (app\(apps.count == 1 ? "" : "s") "
          + "\(apps.joined(separator: ", "))) fits TikTok's desktop rules"))
    findings += uri.registrationAdvice.map { Finding(level: .ok, text: $0) }
    return findings + busyPortFindings(configuration, uri)
  }

  /// A warning for each address of a fixed listening port that a program holds now: the
  /// browser method cannot finish there until it is free.
  private static func busyPortFindings(_ configuration: Configuration, _ uri: RedirectURI)
    -> [Finding]
  {
    let address = configuration.listen.map(ListenAddress.parse) ?? ListenAddress.implied(by: uri)
    guard case .success(let address) = address, address.port != 0 else { return [] }
    return LoopbackInterface.allCases.filter(address.interfaces.contains).compactMap {
      interface in
      guard let holder = PortHolders.find(interface, port: address.port) else { return nil }
      let problem = ListenerProblem.inUse(interface, port: address.port)
      return Finding(
        level: .warning,
        text:
          "\(problem.reason(holder: holder)) now, so connect's browser method cannot finish "
          + "until it is free (paste-back and --qr still work); \(problem.remedy ?? "free it")")
    }
  }
}
