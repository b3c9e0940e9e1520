import Domain
import Foundation

extension DoctorCommand {
  /// The redirect URI against TikTok's desktop rules, what to register at TikTok, and whether
  /// a fixed port is held by another program right now.
  static func redirectFindings(_ configuration: Configuration) -> [Finding] {
    let text = configuration.redirectURI
    guard let uri = RedirectURI(text) else {
      return [
        Finding(
          level: .problem, text: "TIKTOK_REDIRECT_URI: " + RedirectURI.unparseableProblem(text))
      ]
    }
    let problems = uri.desktopProblems.map {
      Finding(level: .problem, text: "TIKTOK_REDIRECT_URI: \($0)")
    }
    var findings = problems
    if configuration.listen != nil && uri.isLoopback {
      findings.append(
        Finding(
          level: .warning,
          text: "TRACTOK_LISTEN is set although the redirect URI is already loopback"))
    }
    guard problems.isEmpty else { return findings }
    findings.append(
      Finding(level: .ok, text: "redirect URI \(text) fits TikTok's desktop rules"))
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
