import Foundation

/// Identifies one connect attempt (one authorization or one QR code). Results carry it, so a late
/// result of a cancelled or replaced attempt is recognised and ignored.
public struct AttemptID: Hashable, Sendable, CustomStringConvertible {
  public let value: Int

  public init(_ value: Int) { self.value = value }

  public var description: String { "attempt-\(value)" }
}

/// What the connect dialog shows while an attempt waits for TikTok's redirect (through the
/// listener) or a pasted address.
public struct ConnectPrompt: Equatable, Sendable {
  /// The authorize URL to open (shown, linked with OSC 8, copied with OSC 52).
  public var authorizeURL: String
  /// `ssh -L PORT:127.0.0.1:PORT user@host` for the port actually bound (and the sandbox's),
  /// when running over SSH.
  public var sshForward: String?
  /// How to add the forward to a running session (`Enter ~C then -L ...`), when over SSH.
  public var sshEscape: String?
  /// When the attempt gives up.
  public var expiresAt: Date
  /// Whether the built-in sandbox can approve this attempt without a browser.
  public var canApproveInSandbox: Bool
  /// Whether a browser was started with the URL.
  public var browserOpened: Bool
  /// Why there is no listener (the browser cannot come back; paste-back and a QR code still
  /// work), e.g. "… port 8723 is held by your tractok (pid 4242) …"; nil when there is one.
  public var listenerProblem: String?

  public init(
    authorizeURL: String, sshForward: String? = nil, sshEscape: String? = nil,
    expiresAt: Date, canApproveInSandbox: Bool = false, browserOpened: Bool = false,
    listenerProblem: String? = nil
  ) {
    self.authorizeURL = authorizeURL
    self.sshForward = sshForward
    self.sshEscape = sshEscape
    self.expiresAt = expiresAt
    self.canApproveInSandbox = canApproveInSandbox
    self.browserOpened = browserOpened
    self.listenerProblem = listenerProblem
  }

  /// Whether a listener waits for the browser to come back.
  public var isListening: Bool { listenerProblem == nil }
}

/// A QR code to show: the URL the phone scans, and when the code dies.
public struct QRPrompt: Equatable, Sendable {
  public var scanURL: String
  public var expiresAt: Date
  /// Whether the built-in sandbox can play the phone's part for this code.
  public var canApproveInSandbox: Bool

  public init(scanURL: String, expiresAt: Date, canApproveInSandbox: Bool = false) {
    self.scanURL = scanURL
    self.expiresAt = expiresAt
    self.canApproveInSandbox = canApproveInSandbox
  }
}

/// A QR code's state as `check_qrcode` reports it.
public enum QRPhase: String, Equatable, Sendable, CaseIterable {
  /// Not scanned yet (`new`).
  case waiting
  /// Scanned, waiting for the user to confirm on the phone.
  case scanned
  /// Confirmed: the code is being exchanged; `connectFinished` follows.
  case confirmed
  /// The code died; a new one is needed.
  case expired
  /// The code was already handed out (`utilised`).
  case utilised
}

/// One poll of the callback listener.
public enum CallbackPoll: Equatable, Sendable {
  /// Nothing yet; the UI polls again.
  case waiting
  /// A request arrived but was refused (wrong state, error, malformed); still waiting.
  case refused(DomainError)
  /// A valid callback arrived; the code is being exchanged and `connectFinished` follows.
  case received
}

/// What became of a pasted redirect URL.
public enum PasteVerdict: Equatable, Sendable {
  /// Accepted; the code is being exchanged and `connectFinished` follows.
  case accepted
  /// Refused with the reason; the attempt keeps waiting.
  case refused(DomainError)
}

/// A finished connection: the account as stored and what the user declined.
public struct ConnectOutcome: Equatable, Sendable {
  public var account: Account
  /// True when the account was already in the profile and only got new tokens.
  public var reconnected: Bool
  public var declinedScopes: [String]

  public init(account: Account, reconnected: Bool, declinedScopes: [String]) {
    self.account = account
    self.reconnected = reconnected
    self.declinedScopes = declinedScopes
  }
}
