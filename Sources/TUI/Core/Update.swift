import Domain

/// The pure update: applies `msg` to `state` and returns the effects to perform. It only routes
/// to the pane that owns the message (keys typed while a long list's first rows stand in for it
/// wait for the whole list), keeps the cursor row in view (the list's height follows the
/// terminal's, the status line's message and the filter prompt), then lets the detail pane
/// follow the cursor.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
  var effects = route(&state, msg)
  while !state.accounts.awaitingWhole, !state.heldKeys.isEmpty {
    effects += route(&state, .key(state.heldKeys.removeFirst()))
  }
  state.accounts.fit(visible: state.layout.listRows)
  return effects + DetailPane.follow(&state)
}

private func route(_ state: inout AppState, _ msg: Msg) -> [Effect] {
  switch msg {
  case .started: return Session.started(&state)
  case .key(let key):
    guard !state.accounts.awaitingWhole else {
      state.heldKeys.append(key)
      return []
    }
    return KeyMap.message(for: key, in: state).map { route(&state, $0) } ?? []
  case .mouse(let event):
    return KeyMap.message(for: event, in: state).map { route(&state, $0) } ?? []
  case .resized(let size): return Session.resized(&state, size)
  case .tick(let date): return Session.tick(&state, date)
  case .quitRequested: return Commands.run(&state, .quitNow)
  case .command(let command): return Commands.run(&state, command)
  case .accounts(let msg): return AccountsPane.update(&state, msg)
  case .detail(let msg): return DetailPane.update(&state, msg)
  case .switcher(let msg): return SwitcherDialog.update(&state, msg)
  case .connect(let msg): return ConnectDialog.update(&state, msg)
  case .disconnect(let msg): return DisconnectDialog.update(&state, msg)
  case .upgrade(let msg): return UpgradeDialog.update(&state, msg)
  case .overLimit(let msg): return OverLimitDialog.update(&state, msg)
  case .help(let msg): return HelpOverlay.update(&state, msg)
  case .messages(let msg): return MessageLog.update(&state, msg)
  case .sandbox(let msg): return SandboxPanel.update(&state, msg)
  case .accountsLoaded(let snapshot): return Session.accountsLoaded(&state, snapshot)
  case .accountsLoadFailed(let error): return Session.loadFailed(&state, error)
  case .videosLoaded(let openID, let cursor, let report):
    return DetailPane.videosLoaded(&state, openID: openID, cursor: cursor, report)
  case .connectStarted(let id, let result):
    return ConnectDialog.result(&state, .started(id, result))
  case .callbackPolled(let id, let poll): return ConnectDialog.result(&state, .polled(id, poll))
  case .pasteChecked(let id, let verdict):
    return ConnectDialog.result(&state, .pasteChecked(id, verdict))
  case .sandboxApprovalFailed(let id, let error):
    return ConnectDialog.result(&state, .sandboxFailed(id, error))
  case .qrStarted(let id, let result): return ConnectDialog.result(&state, .qrStarted(id, result))
  case .qrPolled(let id, let result): return ConnectDialog.result(&state, .qrPolled(id, result))
  case .connectFinished(let id, let result):
    return ConnectDialog.result(&state, .finished(id, result))
  case .refreshFinished(let openID, let report):
    return RefreshTracker.refreshFinished(&state, openID: openID, report)
  case .syncFinished(let openID, let report):
    return RefreshTracker.syncFinished(&state, openID: openID, report)
  case .disconnectFinished(let openID, let result):
    return DisconnectDialog.finished(&state, openID: openID, result)
  case .tierChanged(let result): return UpgradeDialog.tierChanged(&state, result)
  case .keepActiveFinished(let error): return OverLimitDialog.finished(&state, error)
  case .sandboxLocated(let result): return SandboxPanel.located(&state, result)
  case .backgroundFailed(let error):
    state.note(error.onScreen, .error)
    return []
  }
}

/// Commands that are not owned by one pane.
enum Commands {
  static func run(_ state: inout AppState, _ command: Command) -> [Effect] {
    switch command {
    case .quit:
      if case .connect(var dialog) = state.overlay, dialog.isInProgress {
        dialog.focus = .confirmQuit
        state.overlay = .connect(dialog)
        return []
      }
      return [.quit]
    case .quitNow:
      if case .connect(let dialog) = state.overlay, let id = dialog.attempt {
        return [.cancelConnect(id), .quit]
      }
      return [.quit]
    default:
      // Dialogs open from the plain list only; a second dialog never replaces a first.
      guard state.overlay == .none else { return [] }
    }
    switch command {
    case .openSwitcher: return SwitcherDialog.open(&state)
    case .openConnect: return ConnectDialog.open(&state)
    case .openHelp: return HelpOverlay.open(&state)
    case .openOverLimit: return OverLimitDialog.open(&state)
    case .openMessages: return MessageLog.open(&state)
    case .openSandbox: return SandboxPanel.open(&state)
    case .dismissNotice:
      state.notice = nil
      return []
    case .askDisconnect: return DisconnectDialog.open(&state)
    case .refreshCursor: return RefreshTracker.refreshCursor(&state)
    case .syncCursor: return RefreshTracker.syncCursor(&state)
    case .quit, .quitNow: return []
    }
  }
}

extension DomainError {
  /// The message as the UI says it: the key that reconnects, where the CLI names its command.
  var onScreen: String { message(reconnect: "press c on it to reconnect") }
}
