/// Which keys mean what right now: one case per mode the user can be in.
public enum KeyContext: Equatable, Sendable {
  case tooSmall
  case browsing(Browsing)
  case filtering
  case switcher
  case connectChoosing
  /// Setting up or exchanging: only cancel and quit.
  case connectBusy
  /// Waiting for the browser or a paste; without a listener a QR code is offered too.
  case connectWaiting(canApprove: Bool, listening: Bool)
  case connectPaste
  case connectQR(canApprove: Bool)
  case connectResult(failed: Bool)
  case quitQuestion
  case disconnectConfirm
  case disconnectBusy
  case disconnectDone
  case upgrade(canUpgrade: Bool)
  /// `u` asks before it changes the tier.
  case upgradeConfirm
  case upgradeBusy
  case overLimit
  case overLimitBusy
  case help
  case messages
  case sandbox

  /// What the list's keys depend on.
  public struct Browsing: Equatable, Sendable {
    public var hasAccounts: Bool
    public var filterApplied: Bool
    public var overLimit: Bool
    /// The account under the cursor needs a reconnect: `c` reconnects it.
    public var reconnect: Bool
    /// A failure stays on the status line: `Esc` dismisses it.
    public var errorShown: Bool
    /// On the built-in sandbox: `S` shows its control page.
    public var sandbox: Bool

    public init(
      hasAccounts: Bool = true, filterApplied: Bool = false, overLimit: Bool = false,
      reconnect: Bool = false, errorShown: Bool = false, sandbox: Bool = false
    ) {
      self.hasAccounts = hasAccounts
      self.filterApplied = filterApplied
      self.overLimit = overLimit
      self.reconnect = reconnect
      self.errorShown = errorShown
      self.sandbox = sandbox
    }

    /// Every key at once, for the help overlay.
    public static let everything = Browsing(
      filterApplied: true, overLimit: true, errorShown: true, sandbox: true)
  }
}

/// Keys that send one message, with how the footer and the help overlay describe them.
public struct KeyBinding: Equatable, Sendable {
  /// How a binding appears in the footer (`j/k move`) and the help overlay.
  public struct Hint: Equatable, Sendable {
    public var keys: String
    public var action: String
    /// The action in fewer words, for a footer too narrow for every `action` (`approve` for
    /// `approve in sandbox`).
    public var short: String
    /// The longer description in the help overlay.
    public var help: String

    public init(keys: String, action: String, short: String? = nil, help: String? = nil) {
      self.keys = keys
      self.action = action
      self.short = short ?? action
      self.help = help ?? action
    }

    /// The hint with its short action.
    var shortened: Hint { Hint(keys: keys, action: short, help: help) }
  }

  public var keys: [Key]
  public var msg: Msg
  /// Nil for keys described by a sibling's hint (`k` under `j/k move`).
  public var hint: Hint?

  public init(_ keys: [Key], _ msg: Msg, hint: Hint? = nil) {
    self.keys = keys
    self.msg = msg
    self.hint = hint
  }

  public init(
    _ keys: [Key], _ msg: Msg, _ label: String, _ action: String, short: String? = nil,
    help: String? = nil
  ) {
    self.init(keys, msg, hint: Hint(keys: label, action: action, short: short, help: help))
  }
}
