import Domain

/// The tier upgrade prompt shown when `c` finds no free slot.
public enum UpgradeDialog {
  /// The tier that is full and whether an upgrade is under way.
  public struct State: Equatable, Sendable {
    public internal(set) var tier: Tier
    public internal(set) var phase = Phase.prompt

    public init(tier: Tier, phase: Phase = .prompt) {
      self.tier = tier
      self.phase = phase
    }
  }

  /// Asking, confirming the upgrade, upgrading, or showing why the upgrade failed.
  public enum Phase: Equatable, Sendable {
    case prompt
    /// `u` was pressed: the tier changes only after `y`.
    case confirm
    case working
    case failed(DomainError)
  }

  /// What the user does in the prompt.
  public enum Msg: Equatable, Sendable {
    /// `u`: asks to move to the next tier.
    case upgradeNow
    /// `y` to the question: change the tier.
    case confirm
    /// `n` to the question: back to the prompt.
    case keep
    /// `c`: open the connect dialog anyway, to reconnect an account already in the profile
    /// (that uses no new slot; a new account is still refused).
    case connectAnyway
    case close
  }

  static func open(_ state: inout AppState) -> [Effect] {
    state.overlay = .upgrade(State(tier: state.tier))
    return []
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .upgrade(var dialog) = state.overlay else { return [] }
    switch msg {
    case .upgradeNow:
      guard dialog.tier.next != nil, dialog.phase != .working else { return [] }
      dialog.phase = .confirm
      state.overlay = .upgrade(dialog)
    case .confirm:
      guard let next = dialog.tier.next, dialog.phase == .confirm else { return [] }
      dialog.phase = .working
      state.overlay = .upgrade(dialog)
      return [.setTier(next)]
    case .keep:
      guard dialog.phase == .confirm else { return [] }
      dialog.phase = .prompt
      state.overlay = .upgrade(dialog)
    case .connectAnyway:
      guard dialog.phase != .working, dialog.phase != .confirm else { return [] }
      state.overlay = .connect(ConnectDialog.State())
    case .close:
      state.overlay = .none
    }
    return []
  }

  /// Handles `tierChanged`: a successful upgrade goes straight on to the connect dialog.
  static func tierChanged(_ state: inout AppState, _ result: Result<Tier, DomainError>) -> [Effect]
  {
    let dialogOpen: Bool
    if case .upgrade = state.overlay { dialogOpen = true } else { dialogOpen = false }
    switch result {
    case .success(let tier):
      state.tier = tier
      state.note(
        "The profile is now on the \(tier.rawValue) tier (\(tier.slotLimit) slots)", .success)
      if dialogOpen {
        state.overlay =
          state.hasFreeSlot ? .connect(ConnectDialog.State()) : .upgrade(State(tier: tier))
      }
      return [.loadAccounts]
    case .failure(let error):
      if case .upgrade(var dialog) = state.overlay {
        dialog.phase = .failed(error)
        state.overlay = .upgrade(dialog)
      } else {
        state.note("Could not change the tier: \(error.message)", .error)
      }
      return []
    }
  }
}
