import Domain

/// The sandbox panel (`S`, only on the built-in sandbox): where its control page is, with the
/// fault switches every tractok process on this data directory shares.
public enum SandboxPanel {
  /// The page's address once the runner found it (the in-process sandbox's port changes at
  /// every start), or why it could not.
  public struct State: Equatable, Sendable {
    public internal(set) var controls: SandboxControls?
    public internal(set) var error: DomainError?
    /// A remark under the address (a copied link).
    public internal(set) var note: String?

    public init(controls: SandboxControls? = nil, error: DomainError? = nil) {
      self.controls = controls
      self.error = error
    }
  }

  /// What the user does in the panel.
  public enum Msg: Equatable, Sendable {
    case copyAddress
    case close
  }

  /// `S`: opens the panel and asks the runner where the page is.
  static func open(_ state: inout AppState) -> [Effect] {
    state.overlay = .sandbox(State())
    return [.locateSandbox]
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .sandbox(var panel) = state.overlay else { return [] }
    switch msg {
    case .copyAddress:
      guard let controls = panel.controls else { return [] }
      panel.note = "Address copied to the clipboard (OSC 52; your terminal may ask first)"
      state.overlay = .sandbox(panel)
      return [.copyToClipboard(controls.pageURL)]
    case .close:
      state.overlay = .none
      return []
    }
  }

  /// Handles `sandboxLocated`, if the panel is still open.
  static func located(_ state: inout AppState, _ result: Result<SandboxControls, DomainError>)
    -> [Effect]
  {
    guard case .sandbox(var panel) = state.overlay else { return [] }
    switch result {
    case .success(let controls): panel.controls = controls
    case .failure(let error): panel.error = error
    }
    state.overlay = .sandbox(panel)
    return []
  }

  static func render(
    _ panel: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer
  ) {
    let inner = buffer.box(layout.dialog(width: 84, height: 18), title: "Sandbox", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard !area.isEmpty else { return }
    var y = area.y + 1
    guard let controls = panel.controls else {
      let text =
        panel.error.map { "Could not start the sandbox: \($0.message)" }
        ?? "\(Spinner.frame(at: state.now)) Finding the sandbox…"
      buffer.writeWrapped(
        text, y: y, in: area, style: panel.error == nil ? .plain : .errorText, maxLines: 4)
      return
    }
    y = buffer.writeWrapped(
      "Its control page (fault switches, ledger, accounts), y copies the address:", y: y, in: area,
      style: .plain, maxLines: 2)
    let end = buffer.write(
      controls.pageURL, at: Point(x: area.x + 2, y: y), style: .link, clip: area)
    if TerminalSequences.isSafeURL(controls.pageURL) {
      buffer.addLink(url: controls.pageURL, y: y, x: area.x + 2, width: end - area.x - 2)
    }
    y += 2
    y = buffer.writeWrapped(
      "A fault set there reaches the next call to that endpoint from any tractok process on this "
        + "data directory (a cron `tractok refresh` too). From a shell:",
      y: y, in: area, style: .plain, maxLines: 4)
    // Short lines, so the example stays whole (and pastes as it is) at 60 columns.
    let example = [
      "curl -d '{\"endpoint\":\"token\",",
      "  \"kind\":\"http_status\",\"status\":503}' \\", "  " + controls.faultsURL,
    ]
    for line in example {
      buffer.write(
        line, at: Point(x: area.x + 2, y: y), style: .strong, clip: area, ellipsis: true)
      y += 1
    }
    y += 1
    if let forward = controls.sshForward {
      y = buffer.writeWrapped(
        "Over SSH, forward its port first: \(forward)", y: y, in: area, style: .plain, maxLines: 2)
    }
    y = buffer.writeWrapped(
      "The port changes each time tractok starts; this panel shows the current one.", y: y,
      in: area, style: .dim, maxLines: 2)
    if let note = panel.note {
      buffer.writeWrapped(note, y: area.maxY - 1, in: area, style: .notice, maxLines: 1)
    }
  }
}
