/// The pure mapping from keys and clicks to messages, and the hints the footer and help show.
/// One table per context serves all three, so they cannot disagree.
public enum KeyMap {
  /// What a key means in the current state; nil when it means nothing there.
  public static func message(for key: Key, in state: AppState) -> Msg? {
    if key == .ctrl("c") { return .command(.quitNow) }
    let context = context(for: state)
    for binding in bindings(for: context) where binding.keys.contains(key) { return binding.msg }
    guard case .char(let character) = key else { return nil }
    return textEntry(character, in: context)
  }

  /// What a mouse event means in the current state.
  public static func message(for mouse: MouseEvent, in state: AppState) -> Msg? {
    let layout = state.layout
    switch (context(for: state), mouse) {
    case (.browsing, .click(let point)), (.filtering, .click(let point)):
      return layout.listRow(at: point).map { .accounts(.click(row: $0)) }
    case (.browsing, .wheelUp), (.filtering, .wheelUp): return .accounts(.scroll(-3))
    case (.browsing, .wheelDown), (.filtering, .wheelDown): return .accounts(.scroll(3))
    case (.switcher, .click(let point)):
      let rows = SwitcherDialog.frame(in: layout).insetBy(dx: 1, dy: 1)
      let firstRow = rows.y + 2
      guard rows.contains(point), point.y >= firstRow else { return nil }
      return .switcher(.click(row: point.y - firstRow))
    case (.switcher, .wheelUp): return .switcher(.move(-3))
    case (.switcher, .wheelDown): return .switcher(.move(3))
    default: return nil
    }
  }

  /// The footer's hints for the current state.
  public static func hints(for state: AppState) -> [KeyBinding.Hint] {
    let context = context(for: state)
    var hints = bindings(for: context).compactMap(\.hint)
    if case .browsing(let browsing) = context, !browsing.hasAccounts {
      hints = hints.filter { ["c", "S", "m", "?", "q"].contains($0.keys) }
    }
    // A key does what its first binding says (Esc takes an error away before it clears the
    // filter): the footer names that one only.
    var seen: Set<String> = []
    return hints.filter { seen.insert($0.keys).inserted }
  }

  /// The mode the user is in, as far as keys are concerned.
  public static func context(for state: AppState) -> KeyContext {
    if state.layout.isTooSmall { return .tooSmall }
    switch state.overlay {
    case .none:
      if case .editing = state.accounts.filter { return .filtering }
      return .browsing(
        KeyContext.Browsing(
          hasAccounts: !state.accounts.accounts.isEmpty,
          filterApplied: state.accounts.filter != .off, overLimit: state.isOverLimit,
          reconnect: state.accounts.cursorAccount?.needsReconnect(
            at: state.now, policy: state.policy) ?? false,
          errorShown: state.notice?.kind == .error, sandbox: state.isSandbox))
    case .switcher: return .switcher
    case .help: return .help
    case .connect(let dialog): return connectContext(dialog)
    case .disconnect(let dialog):
      switch dialog.phase {
      case .confirm: return .disconnectConfirm
      case .working: return .disconnectBusy
      case .done: return .disconnectDone
      }
    case .upgrade(let dialog):
      switch dialog.phase {
      case .working: return .upgradeBusy
      case .confirm: return .upgradeConfirm
      case .prompt, .failed: return .upgrade(canUpgrade: dialog.tier.next != nil)
      }
    case .overLimit(let dialog): return dialog.phase == .working ? .overLimitBusy : .overLimit
    case .messages: return .messages
    case .sandbox: return .sandbox
    }
  }

  private static func connectContext(_ dialog: ConnectDialog.State) -> KeyContext {
    if dialog.focus == .confirmQuit { return .quitQuestion }
    switch dialog.phase {
    case .choosing: return .connectChoosing
    case .starting, .exchanging: return .connectBusy
    case .waiting(_, let prompt, _):
      return dialog.focus == .paste
        ? .connectPaste
        : .connectWaiting(
          canApprove: prompt.canApproveInSandbox, listening: prompt.isListening)
    case .qr(_, let code): return .connectQR(canApprove: code.prompt.canApproveInSandbox)
    case .finished: return .connectResult(failed: false)
    case .failed: return .connectResult(failed: true)
    }
  }

  /// What a printable character types in contexts with a text field.
  private static func textEntry(_ character: Character, in context: KeyContext) -> Msg? {
    switch context {
    case .filtering: .accounts(.filterTyped(character))
    case .switcher: .switcher(.typed(character))
    case .help: .help(.typed(character))
    // Typing or pasting while the dialog waits goes to the paste field (URLs never start with
    // one of the dialog's action keys).
    case .connectWaiting, .connectPaste: .connect(.pasteTyped(character))
    default: nil
    }
  }

  /// Sections of the help overlay: a title and the hints of a representative context.
  public static let helpSections: [(title: String, context: KeyContext)] = [
    ("Accounts", .browsing(.everything)),
    ("Filter (/)", .filtering),
    ("Switcher (s, Tab)", .switcher),
    ("Connect: choosing", .connectChoosing),
    ("Connect: waiting for the browser", .connectWaiting(canApprove: true, listening: false)),
    ("Connect: paste field", .connectPaste),
    ("Connect: QR code", .connectQR(canApprove: true)),
    ("Connect: result", .connectResult(failed: true)),
    ("Disconnect (d)", .disconnectConfirm),
    ("Upgrade prompt", .upgrade(canUpgrade: true)),
    ("Upgrade: confirming", .upgradeConfirm),
    ("Over-limit chooser (o)", .overLimit),
    ("Messages (m)", .messages),
    ("Sandbox (S)", .sandbox),
    ("Help (?)", .help),
  ]
}
