/// Where the built-in sandbox's control page is (its fault switches and ledger), for the UI to
/// show: the in-process sandbox listens on a new port at every start.
public struct SandboxControls: Equatable, Sendable {
  /// The control page, e.g. `http://127.0.0.1:43121/_sandbox/`.
  public var pageURL: String
  /// Where faults are posted (`POST` a JSON object), beside the page.
  public var faultsURL: String
  /// `ssh -L PORT:127.0.0.1:PORT user@host`, when running over SSH.
  public var sshForward: String?

  public init(pageURL: String, faultsURL: String, sshForward: String? = nil) {
    self.pageURL = pageURL
    self.faultsURL = faultsURL
    self.sshForward = sshForward
  }
}
