import Domain

/// The over-limit chooser: after a downgrade, tick which accounts stay active (up to the limit).
public enum OverLimitDialog {
  /// Which accounts are ticked, the cursor, and whether the choice is being saved.
  public struct State: Equatable, Sendable {
    /// open_ids ticked to stay active.
    public internal(set) var keep: Set<String>
    public internal(set) var window = ListWindow()
    public internal(set) var phase = Phase.choosing
    /// Why the last tick was refused, if it was.
    public internal(set) var note: String?

    public init(keep: Set<String>, window: ListWindow = ListWindow(), phase: Phase = .choosing) {
      self.keep = keep
      self.window = window
      self.phase = phase
    }
  }

  /// Choosing, saving, or showing why saving failed.
  public enum Phase: Equatable, Sendable {
    case choosing
    case working
    case failed(DomainError)
  }

  /// What the user does in the chooser.
  public enum Msg: Equatable, Sendable {
    case move(Int)
    case toggle
    case confirm
    case close
  }

  static func frame(in layout: Layout) -> Rect {
    layout.dialog(width: 72, height: max(10, layout.size.height * 3 / 4))
  }

  static func visibleRows(in layout: Layout) -> Int { max(1, frame(in: layout).height - 6) }

  /// Opens the chooser with the accounts that are active now ticked (up to the limit).
  static func open(_ state: inout AppState) -> [Effect] {
    guard state.isOverLimit else {
      state.note("All accounts fit in the \(state.tier.rawValue) tier; nothing to choose")
      return []
    }
    let active = state.accounts.accounts.lazy.filter { $0.status != .overLimit }.map(\.openID)
    state.overlay = .overLimit(State(keep: Set(active.prefix(state.tier.slotLimit))))
    return []
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .overLimit(var dialog) = state.overlay else { return [] }
    let count = state.accounts.accounts.count
    let limit = state.tier.slotLimit
    switch msg {
    case .move(let delta):
      dialog.window.move(by: delta, count: count, visible: visibleRows(in: Layout(state.size)))
    case .toggle:
      guard dialog.phase != .working,
        let account = state.accounts.account(at: dialog.window.cursor)
      else { return [] }
      dialog.note = nil
      if dialog.keep.contains(account.openID) {
        dialog.keep.remove(account.openID)
      } else if Slots(state.tier).allowsActive(dialog.keep.count + 1) {
        dialog.keep.insert(account.openID)
      } else {
        dialog.note =
          "Only \(limit) can stay active on the \(state.tier.rawValue) tier; untick one first"
      }
    case .confirm:
      guard dialog.phase != .working, !dialog.keep.isEmpty else { return [] }
      dialog.phase = .working
      state.overlay = .overLimit(dialog)
      let kept = state.accounts.accounts.map(\.openID).filter { dialog.keep.contains($0) }
      return [.keepActive(openIDs: kept)]
    case .close:
      guard dialog.phase != .working else { return [] }
      state.overlay = .none
      return []
    }
    state.overlay = .overLimit(dialog)
    return []
  }

  /// Handles `keepActiveFinished`.
  static func finished(_ state: inout AppState, _ error: DomainError?) -> [Effect] {
    guard let error else {
      if case .overLimit = state.overlay { state.overlay = .none }
      state.note("Saved which accounts stay active", .success)
      return [.loadAccounts]
    }
    if case .overLimit(var dialog) = state.overlay {
      dialog.phase = .failed(error)
      state.overlay = .overLimit(dialog)
    } else {
      state.note("Could not save which accounts stay active: \(error.message)", .error)
    }
    return []
  }
}
