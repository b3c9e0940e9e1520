import Domain
import Foundation

extension ConnectDialog {
  /// `c`: on an account that needs a reconnect, reconnects that one (a reconnect takes no new
  /// slot, so no upgrade is offered); otherwise connects a new account, or offers the upgrade
  /// when no slot is free.
  static func open(_ state: inout AppState) -> [Effect] {
    if let account = state.accounts.cursorAccount,
      account.needsReconnect(at: state.now, policy: state.policy)
    {
      state.overlay = .connect(State(reconnecting: Target(account)))
      return []
    }
    guard state.hasFreeSlot else { return UpgradeDialog.open(&state) }
    state.overlay = .connect(State())
    return []
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .connect(var dialog) = state.overlay else { return [] }
    var effects: [Effect] = []
    switch (msg, dialog.phase) {
    case (.moveChoice(let delta), .choosing(let method)):
      let index = min(max(method.rawValue + delta, 0), Method.allCases.count - 1)
      dialog.phase = .choosing(Method(rawValue: index) ?? method)
    case (.choose(let method), .choosing):
      effects = begin(method, &dialog, &state)
    case (.start, .choosing(let method)), (.start, .failed(_, let method)):
      effects = begin(method, &dialog, &state)
    case (.focusPaste, .waiting): dialog.focus = .paste
    case (.focusActions, _), (.stayOpen, _): dialog.focus = .actions
    case (.pasteTyped(let character), .waiting) where !dialog.paste.isChecking:
      dialog.paste.type(character, note: &dialog.note)
      dialog.focus = .paste
    case (.pasteErase, .waiting) where !dialog.paste.isChecking:
      dialog.paste.text.removeLast(dialog.paste.text.isEmpty ? 0 : 1)
    case (.pasteClear, .waiting) where !dialog.paste.isChecking:
      dialog.paste = PasteField()
    case (.submitPaste, .waiting) where dialog.paste.overflowed:
      // The Enter that ends an over-long paste: the field takes input again.
      dialog.paste.overflowed = false
    case (.submitPaste, .waiting(let id, _, _)):
      let text = dialog.paste.text.trimmingSpaces()
      guard !text.isEmpty, !dialog.paste.isChecking else { return [] }
      dialog.paste.isChecking = true
      dialog.note = nil
      effects = [.submitPaste(id, Secret(text))]
    case (.copyLink, .waiting(_, let prompt, _)):
      dialog.note = "Link copied to the clipboard (OSC 52; your terminal may ask first)"
      effects = [.copyToClipboard(prompt.authorizeURL)]
    case (.copyLink, .qr(_, let code)):
      dialog.note = "Link copied (OSC 52): open it on the phone that has TikTok"
      effects = [.copyToClipboard(code.prompt.scanURL)]
    case (.approveInSandbox, .waiting(let id, let prompt, _)) where prompt.canApproveInSandbox:
      dialog.note = "Asking the sandbox to approve as the user…"
      effects = [.approveInSandbox(id, account: dialog.reconnecting?.openID)]
    case (.approveInSandbox, .qr(let id, let code)) where code.prompt.canApproveInSandbox:
      dialog.note = "Asking the sandbox to play the phone's part…"
      effects = [.approveInSandbox(id, account: dialog.reconnecting?.openID)]
    case (.newQRCode, .qr(let id, _)):
      effects = [.cancelConnect(id)] + begin(.qrCode, &dialog, &state)
    case (.choose(let method), .qr(let id, _)):
      // A code too big for the terminal: a link and paste-back instead.
      effects = [.cancelConnect(id)] + begin(method, &dialog, &state)
    case (.choose(.qrCode), .waiting(let id, let prompt, _)) where !prompt.isListening:
      // The browser cannot come back (its port is taken): a QR code needs no port.
      effects = [.cancelConnect(id)] + begin(.qrCode, &dialog, &state)
    case (.newQRCode, .failed(_, .qrCode)):
      effects = begin(.qrCode, &dialog, &state)
    case (.cancel, _):
      state.overlay = .none
      return dialog.attempt.map { [.cancelConnect($0)] } ?? []
    case (.close, .choosing), (.close, .finished), (.close, .failed):
      state.overlay = .none
      return []
    case (.again, .finished), (.again, .failed):
      guard state.hasFreeSlot else { return UpgradeDialog.open(&state) }
      dialog = State()
    default:
      return []
    }
    state.overlay = .connect(dialog)
    return effects
  }

  /// Starts a new attempt with `method`: a fresh id, so anything still arriving for an older
  /// attempt is ignored.
  private static func begin(_ method: Method, _ dialog: inout State, _ state: inout AppState)
    -> [Effect]
  {
    let id = state.takeAttemptID()
    dialog = State(phase: .starting(id, method), reconnecting: dialog.reconnecting)
    switch method {
    case .qrCode: return [.startQR(id)]
    case .browser: return [.startConnect(id, openBrowser: true)]
    case .pasteBack: return [.startConnect(id, openBrowser: false)]
    }
  }

  /// Routes a runner result to the dialog when it concerns the attempt on screen; anything else
  /// (a cancelled, replaced or timed-out attempt) is dropped.
  static func result(_ state: inout AppState, _ msg: Msg.Result) -> [Effect] {
    guard case .connect(var dialog) = state.overlay, dialog.attempt == msg.attempt else {
      return []
    }
    let step = dialog.phase
    let effects = apply(msg, &dialog, &state)
    // A note belongs to the step it was made in ("Asking the sandbox…" must not linger under
    // the result).
    if !dialog.phase.isSameStep(as: step) { dialog.note = nil }
    if case .connect = state.overlay { state.overlay = .connect(dialog) }
    return effects
  }

  private static func apply(_ msg: Msg.Result, _ dialog: inout State, _ state: inout AppState)
    -> [Effect]
  {
    switch (msg, dialog.phase) {
    case (.started(let id, .success(let prompt)), .starting(_, let method)) where method != .qrCode:
      dialog.phase = .waiting(id, prompt, method)
      return [.pollCallback(id)]
    case (.started(_, .failure(let error)), .starting(_, let method)),
      (.qrStarted(_, .failure(let error)), .starting(_, let method)):
      dialog.phase = .failed(error, method)
    case (.qrStarted(let id, .success(let prompt)), .starting(_, .qrCode)):
      let screen = state.size
      let best = QRMatrix.best(for: prompt.scanURL) { matrix in
        let needed = requiredSize(for: matrix)
        return needed.width <= screen.width && needed.height <= screen.height
      }
      guard let matrix = best else {
        dialog.phase = .failed(.failed("TikTok's QR code address is too long to draw"), .qrCode)
        return [.cancelConnect(id)]
      }
      dialog.phase = .qr(id, QRCode(prompt: prompt, matrix: matrix))
      return [.pollQR(id)]
    case (.polled(let id, let poll), .waiting(_, _, let method)):
      switch poll {
      case .waiting: break
      case .refused(let error): dialog.note = "Refused a request: \(error.message). Still waiting."
      case .received:
        dialog.phase = .exchanging(id, method)
        return []
      }
      return [.pollCallback(id)]
    case (.pasteChecked(let id, let verdict), .waiting(_, _, let method))
    where dialog.paste.isChecking:
      dialog.paste.isChecking = false
      switch verdict {
      case .accepted: dialog.phase = .exchanging(id, method)
      case .refused(let error):
        dialog.note = "That address was refused: \(error.message)"
        dialog.focus = .paste
      }
    case (.sandboxFailed(_, let error), _):
      dialog.note = "The sandbox could not approve: \(error.message)"
    case (.qrPolled(let id, let result), .qr(_, var code))
    where code.phase == .waiting || code.phase == .scanned:
      switch result {
      case .success(.confirmed): dialog.phase = .exchanging(id, .qrCode)
      case .success(let phase):
        code.phase = phase
        dialog.phase = .qr(id, code)
        return phase == .waiting || phase == .scanned ? [.pollQR(id)] : []
      case .failure(let error) where error.isTransient:
        dialog.note = "Checking the code failed (\(error.message)); trying again."
        return [.pollQR(id)]
      case .failure(let error):
        dialog.phase = .failed(error, .qrCode)
        return [.cancelConnect(id)]
      }
    case (.finished(_, .success(let outcome)), _):
      dialog.phase = .finished(outcome)
      // Replaces a failure about the account still on the status line.
      let verb = outcome.reconnected ? "Reconnected" : "Added"
      state.note("\(verb) \(outcome.account.label) (\(outcome.account.handle))", .success)
      state.accounts.revealOnLoad = outcome.account.openID
      // The cursor goes to the new account; the current one (what `tractok token` gives
      // scripts) changes only when there was none.
      guard state.accounts.selectedOpenID == nil else { return [.loadAccounts] }
      state.accounts.selectedOpenID = outcome.account.openID
      return [.persistSelection(openID: outcome.account.openID), .loadAccounts]
    case (.finished(_, .failure(let error)), .qr):
      dialog.phase = .failed(error, .qrCode)
    case (.finished(_, .failure(let error)), .waiting(_, _, let method)),
      (.finished(_, .failure(let error)), .exchanging(_, let method)):
      dialog.phase = .failed(error, method)
    default: break
    }
    return []
  }

  /// On a tick: gives up on a listener or QR code whose time ran out.
  static func tick(_ state: inout AppState) -> [Effect] {
    guard case .connect(var dialog) = state.overlay else { return [] }
    switch dialog.phase {
    case .waiting(let id, let prompt, let method) where state.now >= prompt.expiresAt:
      dialog.phase = .failed(.timedOut("waiting for TikTok to send the browser back"), method)
      dialog.note = nil
      state.overlay = .connect(dialog)
      return [.cancelConnect(id)]
    case .qr(let id, var code)
    where (code.phase == .waiting || code.phase == .scanned) && state.now >= code.prompt.expiresAt:
      code.phase = .expired
      dialog.phase = .qr(id, code)
      dialog.note = nil
      state.overlay = .connect(dialog)
      return [.cancelConnect(id)]
    default:
      return []
    }
  }
}

extension ConnectDialog.Msg {
  /// A runner result for the dialog, with the attempt it belongs to.
  enum Result: Equatable, Sendable {
    case started(AttemptID, Swift.Result<ConnectPrompt, DomainError>)
    case polled(AttemptID, CallbackPoll)
    case pasteChecked(AttemptID, PasteVerdict)
    case sandboxFailed(AttemptID, DomainError)
    case qrStarted(AttemptID, Swift.Result<QRPrompt, DomainError>)
    case qrPolled(AttemptID, Swift.Result<QRPhase, DomainError>)
    case finished(AttemptID, Swift.Result<ConnectOutcome, DomainError>)

    var attempt: AttemptID {
      switch self {
      case .started(let id, _), .polled(let id, _), .pasteChecked(let id, _),
        .sandboxFailed(let id, _), .qrStarted(let id, _), .qrPolled(let id, _),
        .finished(let id, _):
        id
      }
    }
  }
}
