import Domain
import Foundation

/// Everything the UI knows, as one value: render draws it, update changes it.
public struct AppState: Equatable, Sendable {
  public var profile: String
  public var tier: Tier
  /// The name of the app the profile connects through.
  public var app: String
  public var isSandbox: Bool
  /// The clock as of the last `.tick`; update never reads the real clock.
  public var now: Date
  /// The zone dates are shown in; fixed at start so rendering stays pure.
  public var timeZone: TimeZone
  public var size: ScreenSize
  public var policy: RefreshPolicy
  public var load: LoadPhase = .loading
  public var accounts = AccountsPane.State()
  public var detail = DetailPane.State()
  /// The dialog or overlay on top of the panes, if any.
  public var overlay: Overlay = .none
  public var refresh = RefreshTracker()
  /// Every message of this session, oldest first (the message log, `m`); the last one is the
  /// status line's unless it was dismissed or faded.
  public private(set) var messages: [Notice] = []
  /// Whether the last message has left the status line.
  var noticeHidden = false
  /// The id the next connect attempt gets.
  public var nextAttempt = 1
  /// When the last `checkForExternalChanges` was asked for.
  var lastExternalCheck: Date?
  /// Whether the over-limit chooser was already offered this session.
  var overLimitOffered = false
  /// Keys typed while only a long list's first rows are in (the first moments after start):
  /// they are applied once the whole list is, so `G` or a search reaches all of it.
  var heldKeys: [Key] = []

  public init(
    profile: String, tier: Tier = .free, app: String = AppRecord.sandbox, isSandbox: Bool = false,
    now: Date,
    timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
    size: ScreenSize = ScreenSize(width: 80, height: 24), policy: RefreshPolicy = RefreshPolicy()
  ) {
    self.profile = profile
    self.tier = tier
    self.app = app
    self.isSandbox = isSandbox
    self.now = now
    self.timeZone = timeZone
    self.size = size
    self.policy = policy
  }

  /// Whether another account fits in the tier.
  public var hasFreeSlot: Bool { Slots(tier).admitsNew(holding: accounts.total) }

  /// Whether more accounts are connected than the tier allows.
  public var isOverLimit: Bool { Slots(tier).isOver(holding: accounts.total) }

  /// The badge an account shows now: in-flight work wins over the stored state.
  public func badge(for account: Account) -> AccountStatus {
    if refresh.isRefreshing(account.openID) { return .refreshing }
    return account.displayStatus(at: now, policy: policy)
  }

  /// Whether the loop should tick often (a spinner or dialog timer is on screen).
  public var wantsFrequentTicks: Bool {
    switch overlay {
    case .connect(let dialog): return dialog.isBusy
    case .disconnect(let dialog): return dialog.phase == .working
    case .upgrade(let dialog): return dialog.phase == .working
    case .overLimit(let dialog): return dialog.phase == .working
    case .none, .switcher, .help, .messages: return false
    case .sandbox(let panel): return panel.controls == nil && panel.error == nil
    }
  }

  /// The status line's message: the last one, until it is dismissed or (unless it reports a
  /// failure) fades. Setting one adds it to the log; setting nil takes it off the status line.
  public var notice: Notice? {
    get { noticeHidden ? nil : messages.last }
    set {
      if let newValue {
        messages.append(newValue)
        if messages.count > Self.messageLimit { messages.removeFirst() }
        noticeHidden = false
      } else {
        noticeHidden = !messages.isEmpty
      }
    }
  }

  /// How many messages the log keeps.
  static let messageLimit = 500

  /// Where everything goes now: the status line grows with a wrapped error.
  public var layout: Layout { Layout(size, statusRows: FooterBar.statusLines(self).count) }
}

/// Whether accounts have been read yet.
public enum LoadPhase: Equatable, Sendable {
  case loading
  case ready
  case failed(DomainError)
}

/// The modal layer: at most one dialog at a time, each with its own state.
public enum Overlay: Equatable, Sendable {
  case none
  case switcher(SwitcherDialog.State)
  case connect(ConnectDialog.State)
  case disconnect(DisconnectDialog.State)
  case upgrade(UpgradeDialog.State)
  case overLimit(OverLimitDialog.State)
  case help(HelpOverlay.State)
  case messages(MessageLog.State)
  case sandbox(SandboxPanel.State)
}

/// A message for the status line and the log, with when it appeared. Information fades after a
/// while; a failure stays until it is dismissed or replaced.
public struct Notice: Equatable, Sendable {
  /// Whether the notice informs, reports success or reports a failure.
  public enum Kind: Equatable, Sendable {
    case info
    case success
    case error
  }

  public var text: String
  public var kind: Kind
  public var shownAt: Date
  /// Says where the video pages end: it leaves the status line when the page changes.
  public var isAboutPaging: Bool

  public init(_ text: String, kind: Kind = .info, at shownAt: Date, isAboutPaging: Bool = false) {
    self.text = text
    self.kind = kind
    self.shownAt = shownAt
    self.isAboutPaging = isAboutPaging
  }

  /// How long information and successes stay on the status line.
  public static let lifetime: TimeInterval = 8

  /// Whether the notice leaves the status line by itself at `now`.
  func hasFaded(at now: Date) -> Bool {
    kind != .error && now.timeIntervalSince(shownAt) >= Self.lifetime
  }
}

extension AppState {
  /// Shows `text` in the status line.
  mutating func note(_ text: String, _ kind: Notice.Kind = .info) {
    notice = Notice(text, kind: kind, at: now)
  }

  /// Takes the next connect attempt id.
  mutating func takeAttemptID() -> AttemptID {
    defer { nextAttempt += 1 }
    return AttemptID(nextAttempt)
  }
}
