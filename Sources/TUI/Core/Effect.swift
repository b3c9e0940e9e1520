import Domain

/// Work for the outside world, as data. The main loop performs `copyToClipboard` and `quit`
/// itself; everything else goes to the `EffectRunning` runner, which answers with `Msg`s.
public enum Effect: Equatable, Sendable {
  /// Read the profile's accounts; answer `accountsLoaded` or `accountsLoadFailed`.
  case loadAccounts
  /// Answer `accountsLoaded` only if another process changed the database (`PRAGMA
  /// data_version`) since the last load; otherwise post nothing.
  case checkForExternalChanges
  /// Store the profile's current account.
  case persistSelection(openID: String)
  /// Fetch a page of videos (`cursor` nil: the first page, which may come from the cache);
  /// answer `videosLoaded`.
  case loadVideos(openID: String, cursor: Int64?)
  /// Start the loopback listener for a new authorization (and open `$BROWSER` on its page when
  /// `openBrowser`); answer `connectStarted`.
  case startConnect(AttemptID, openBrowser: Bool)
  /// Wait briefly (about a second) for the callback; answer `callbackPolled`. When it is valid,
  /// go on to exchange the code and answer `connectFinished` too.
  case pollCallback(AttemptID)
  /// Check a pasted redirect URL (or query string) like the listener would; answer
  /// `pasteChecked`, then `connectFinished` when accepted.
  case submitPaste(AttemptID, Secret)
  /// Let the built-in sandbox approve the attempt as the user (browser or QR); on failure answer
  /// `sandboxApprovalFailed`.
  case approveInSandbox(AttemptID)
  /// Stop the attempt: close its listener or stop polling its QR code. Results still in flight
  /// are ignored by the UI.
  case cancelConnect(AttemptID)
  /// Get a QR code from TikTok; answer `qrStarted`.
  case startQR(AttemptID)
  /// Wait the poll interval (2 s, 5 s after network errors), ask TikTok about the code; answer
  /// `qrPolled`, and on `confirmed` exchange the code and answer `connectFinished`.
  case pollQR(AttemptID)
  /// Refresh the account's tokens (with the cross-process lease); answer `refreshFinished`.
  /// `force` (the user pressed `r`) refreshes even a fresh token; otherwise only a due one, so
  /// that UIs in several processes cause one token call per account per refresh window.
  case refresh(openID: String, force: Bool)
  /// Fetch profile and first page of videos; answer `syncFinished`.
  case sync(openID: String)
  /// Revoke and delete the account's tokens; answer `disconnectFinished`.
  case disconnect(openID: String)
  /// Change the profile's tier; answer `tierChanged`.
  case setTier(Tier)
  /// Keep these accounts active and mark the rest over-limit; answer `keepActiveFinished`.
  case keepActive(openIDs: [String])
  /// Put text on the user's clipboard with OSC 52 (performed by the loop).
  case copyToClipboard(String)
  /// Leave the UI (performed by the loop).
  case quit
}
