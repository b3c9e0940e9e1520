import Domain

/// The disconnect confirmation (`d`): names the account, then says how the revoke went.
public enum DisconnectDialog {
  /// The account being disconnected and how far it got.
  public struct State: Equatable, Sendable {
    public internal(set) var openID: String
    public internal(set) var label: String
    public internal(set) var phase = Phase.confirm

    public init(openID: String, label: String, phase: Phase = .confirm) {
      self.openID = openID
      self.label = label
      self.phase = phase
    }
  }

  /// Asking, revoking, or showing the result.
  public enum Phase: Equatable, Sendable {
    case confirm
    case working
    case done(Result<DisconnectReport, DomainError>)
  }

  /// What the user does in the dialog.
  public enum Msg: Equatable, Sendable {
    case confirm
    case close
  }

  /// `d`: asks about the account under the cursor.
  static func open(_ state: inout AppState) -> [Effect] {
    guard let account = state.accounts.cursorAccount else { return [] }
    state.overlay = .disconnect(
      State(openID: account.openID, label: "\(account.label) (\(account.handle))"))
    return []
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .disconnect(var dialog) = state.overlay else { return [] }
    switch (msg, dialog.phase) {
    case (.confirm, .confirm):
      dialog.phase = .working
      state.overlay = .disconnect(dialog)
      return [.disconnect(openID: dialog.openID)]
    case (.close, .confirm), (.close, .done):
      state.overlay = .none
    default:
      break
    }
    return []
  }

  /// Handles `disconnectFinished`, whether or not the dialog is still open: the account leaves
  /// the list, and if it was the current one the next account becomes current.
  static func finished(
    _ state: inout AppState, openID: String, _ result: Result<DisconnectReport, DomainError>
  ) -> [Effect] {
    let label = state.accounts.account(withOpenID: openID)?.label ?? openID
    if case .disconnect(var dialog) = state.overlay, dialog.openID == openID {
      dialog.phase = .done(result)
      state.overlay = .disconnect(dialog)
    }
    switch result {
    case .failure(let error):
      state.note("Could not disconnect \(label): \(error.message)", .error)
      return [.loadAccounts]
    case .success(let report):
      let clean = report.revoked || report.alreadyRevoked
      state.note("Disconnected \(label). \(report.summary)", clean ? .success : .error)
      var effects: [Effect] = []
      if state.accounts.selectedOpenID == openID {
        let next = successor(of: openID, in: state.accounts)
        state.accounts.selectedOpenID = next
        if let next { effects.append(.persistSelection(openID: next)) }
      }
      return effects + [.loadAccounts]
    }
  }

  /// The account after `openID` in list order, else the one before it.
  private static func successor(of openID: String, in list: AccountsPane.State) -> String? {
    guard let position = list.index.position(of: openID) else { return nil }
    return (list.account(at: position + 1) ?? list.account(at: position - 1))?.openID
  }
}
