import Domain
import Sandbox

/// The sandbox every tractok process starts in-process when no TikTok credentials are set.
enum LiveSandbox {
  static func settings(home: String) -> SandboxSettings {
    SandboxSettings(stateFile: "\(home)/sandbox-state.json")
  }
}
