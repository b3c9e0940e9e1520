import Domain

/// The connect dialog (`c`): choose browser, QR code or paste-back, then follow the attempt until
/// the account is added or the attempt fails, times out or is cancelled.
public enum ConnectDialog {
  /// The three ways to finish the same authorization.
  public enum Method: Int, CaseIterable, Equatable, Sendable {
    case browser
    case qrCode
    case pasteBack

    public var title: String {
      switch self {
      case .browser: "Browser"
      case .qrCode: "QR code"
      case .pasteBack: "Paste-back"
      }
    }

    public var explanation: String {
      switch self {
      case .browser: "sign in on TikTok's page; the browser comes back here"
      case .qrCode: "scan a code with the TikTok app on your phone"
      case .pasteBack: "open the link anywhere, paste where it ended"
      }
    }
  }

  /// The dialog's state: the phase of the attempt, where keys go, the paste field, a note.
  public struct State: Equatable, Sendable {
    public internal(set) var phase: Phase
    public internal(set) var focus = Focus.actions
    public internal(set) var paste = PasteField()
    /// A remark under the main content: a refused callback, a sandbox approval, a copied link.
    public internal(set) var note: String?

    public init(phase: Phase = .choosing(.browser)) { self.phase = phase }

    /// The attempt the dialog follows, if any (closing the dialog cancels it).
    public var attempt: AttemptID? {
      switch phase {
      case .starting(let id, _), .waiting(let id, _, _), .exchanging(let id, _), .qr(let id, _): id
      case .choosing, .finished, .failed: nil
      }
    }

    /// Whether an account is being connected right now (`q` asks before quitting).
    public var isInProgress: Bool {
      if case .qr(_, let code) = phase { return code.phase == .waiting || code.phase == .scanned }
      return attempt != nil
    }

    /// Whether a spinner or timer is on screen.
    var isBusy: Bool {
      switch phase {
      case .starting, .waiting, .exchanging, .qr: true
      case .choosing, .finished, .failed: false
      }
    }
  }

  /// Where the attempt stands, each phase with the attempt id it belongs to.
  public enum Phase: Equatable, Sendable {
    /// Choosing a method; the highlighted one.
    case choosing(Method)
    /// The listener or QR code is being set up.
    case starting(AttemptID, Method)
    /// Waiting for the browser's redirect or a pasted URL.
    case waiting(AttemptID, ConnectPrompt, Method)
    /// A QR code is on screen.
    case qr(AttemptID, QRCode)
    /// The code is being exchanged for tokens.
    case exchanging(AttemptID, Method)
    case finished(ConnectOutcome)
    case failed(DomainError, Method)

    /// Whether `other` is the same step of an attempt, whatever else it carries (a QR code
    /// that was scanned, or expired, is a step of its own).
    func isSameStep(as other: Self) -> Bool {
      switch (self, other) {
      case (.qr(_, let code), .qr(_, let otherCode)): code.phase == otherCode.phase
      case (.choosing, .choosing), (.starting, .starting), (.waiting, .waiting),
        (.exchanging, .exchanging), (.finished, .finished), (.failed, .failed):
        true
      default: false
      }
    }
  }

  /// A QR code on screen: what TikTok gave, its drawing, and what the phone did.
  public struct QRCode: Equatable, Sendable {
    public var prompt: QRPrompt
    public var matrix: QRMatrix
    public var phase: QRPhase

    public init(prompt: QRPrompt, matrix: QRMatrix, phase: QRPhase = .waiting) {
      self.prompt = prompt
      self.matrix = matrix
      self.phase = phase
    }
  }

  /// Where keys go while waiting: dialog actions, the paste field, or the quit question.
  public enum Focus: Equatable, Sendable {
    case actions
    case paste
    case confirmQuit
  }

  /// The paste-back field. Its text holds an authorization code, so it never prints itself.
  public struct PasteField: Equatable, Sendable, CustomStringConvertible,
    CustomDebugStringConvertible
  {
    public internal(set) var text = ""
    /// The pasted URL was submitted and is being checked.
    public internal(set) var isChecking = false
    /// The paste grew past 8 KiB: it was discarded, and what follows up to Enter is too.
    public internal(set) var overflowed = false

    public init() {}

    /// Takes a typed or pasted character, unless the text would outgrow any callback URL
    /// (8 KiB, as on the command line): then all of it is dropped and `note` says why.
    mutating func type(_ character: Character, note: inout String?) {
      guard !overflowed else { return }
      guard text.utf8.count + character.utf8.count <= CallbackParser.maximumLength else {
        text = ""
        overflowed = true
        note =
          "Not accepted: the paste is longer than 8 KiB, more than any redirect URL, and was "
          + "discarded. Paste only the URL your browser ended on."
        return
      }
      text.append(character)
    }

    public var description: String {
      "PasteField(<redacted>, checking: \(isChecking), overflowed: \(overflowed))"
    }
    public var debugDescription: String { description }
  }

  /// What the user does in the dialog.
  public enum Msg: Equatable, Sendable {
    case moveChoice(Int)
    case choose(Method)
    /// Start the highlighted method, or try a failed one again.
    case start
    case focusPaste
    case focusActions
    case pasteTyped(Character)
    case pasteErase
    case pasteClear
    case submitPaste
    case copyLink
    case approveInSandbox
    case newQRCode
    /// Stop the attempt and close.
    case cancel
    /// Close a finished, failed or not yet started dialog.
    case close
    /// Back from the quit question.
    case stayOpen
    /// Connect another account after a result.
    case again
  }
}
