import Domain
import Sandbox

/// The sandbox every tractok process starts in-process for the apps that live there.
enum LiveSandbox {
  static func settings(home: String) -> SandboxSettings {
    SandboxSettings(stateFile: "\(home)/sandbox-state.json")
  }

  /// The built-in app's credentials (public: they open only the sandbox).
  static var credentials: ClientCredentials {
    let settings = SandboxSettings()
    return ClientCredentials(
      clientKey: settings.clientKey, clientSecret: Secret(settings.clientSecret))
  }
}
