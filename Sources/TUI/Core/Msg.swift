import Domain
import Foundation

/// Something that happened: input, time, or the result of an effect. `update` routes each case to
/// the pane that owns it.
public enum Msg: Equatable, Sendable {
  // MARK: Input and time (posted by the loop)

  /// The loop started: the first message, before any input.
  case started
  case key(Key)
  case mouse(MouseEvent)
  case resized(ScreenSize)
  /// The clock: once a second, more often while a spinner shows.
  case tick(Date)
  /// SIGTERM, SIGHUP or SIGINT arrived.
  case quitRequested

  // MARK: Intents (what keys and clicks mean; produced by `KeyMap`)

  case command(Command)
  case accounts(AccountsPane.Msg)
  case detail(DetailPane.Msg)
  case switcher(SwitcherDialog.Msg)
  case connect(ConnectDialog.Msg)
  case disconnect(DisconnectDialog.Msg)
  case upgrade(UpgradeDialog.Msg)
  case overLimit(OverLimitDialog.Msg)
  case help(HelpOverlay.Msg)
  case messages(MessageLog.Msg)
  case sandbox(SandboxPanel.Msg)

  // MARK: Results (posted by the effect runner)

  /// Answer to `loadAccounts`, and to `checkForExternalChanges` when the database changed.
  case accountsLoaded(AccountsSnapshot)
  case accountsLoadFailed(DomainError)
  /// Answer to `loadVideos`, with the account as stored afterwards when the call may have
  /// changed it.
  case videosLoaded(openID: String, cursor: Int64?, VideoPageReport)
  /// Answer to `startConnect`: the listener is up (or could not start).
  case connectStarted(AttemptID, Result<ConnectPrompt, DomainError>)
  /// Answer to `pollCallback`.
  case callbackPolled(AttemptID, CallbackPoll)
  /// Answer to `submitPaste`.
  case pasteChecked(AttemptID, PasteVerdict)
  /// Answer to `approveInSandbox` when the sandbox could not approve (success shows up as the
  /// callback or QR confirmation).
  case sandboxApprovalFailed(AttemptID, DomainError)
  /// Answer to `startQR`.
  case qrStarted(AttemptID, Result<QRPrompt, DomainError>)
  /// Answer to `pollQR`.
  case qrPolled(AttemptID, Result<QRPhase, DomainError>)
  /// The code exchange and the slot decision finished (after a callback, paste or QR).
  case connectFinished(AttemptID, Result<ConnectOutcome, DomainError>)
  /// Answer to `refresh`.
  case refreshFinished(openID: String, RefreshReport)
  /// Answer to `sync`, with the account as stored afterwards (success or failure).
  case syncFinished(openID: String, SyncReport)
  /// Answer to `disconnect`.
  case disconnectFinished(openID: String, Result<DisconnectReport, DomainError>)
  /// Answer to `setTier`.
  case tierChanged(Result<Tier, DomainError>)
  /// Answer to `keepActive`: nil when it worked.
  case keepActiveFinished(DomainError?)
  /// Answer to `locateSandbox`.
  case sandboxLocated(Result<SandboxControls, DomainError>)
  /// Work without a result message of its own (`persistSelection`, `cancelConnect`,
  /// `checkForExternalChanges`) failed.
  case backgroundFailed(DomainError)
}

/// Intents that are not owned by one pane: opening dialogs, acting on the account under the
/// cursor, quitting.
public enum Command: Equatable, Sendable {
  case openSwitcher
  case openConnect
  case openHelp
  case openOverLimit
  case openMessages
  case openSandbox
  /// `Esc` on an error in the status line: takes it off (the log keeps it).
  case dismissNotice
  case askDisconnect
  case refreshCursor
  case syncCursor
  /// `q`: quits, or asks first while a connection is in progress.
  case quit
  /// Ctrl-C or a confirmed quit: cancels what runs and quits.
  case quitNow
}
