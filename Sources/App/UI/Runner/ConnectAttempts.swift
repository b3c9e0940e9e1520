import Domain
import Foundation

/// The connect attempts the UI has in flight, by id: a browser sign-in or a QR code, and
/// whether its code exchange has started (it must start exactly once, whichever of the
/// listener, a paste or the sandbox delivered the code).
final class ConnectAttempts: @unchecked Sendable {
  enum Kind {
    case browser(BrowserSignIn)
    case qr(QRSession)
  }

  private struct Entry {
    var kind: Kind
    var exchanging = false
  }

  private let lock = NSLock()
  private var entries: [AttemptID: Entry] = [:]
  private var refusals: [AttemptID: String] = [:]

  /// Remembers why the listener refused a callback, for the next poll to report.
  func refused(_ id: AttemptID, _ reason: String) { locked { refusals[id] = reason } }

  /// The refusal since the last poll, once.
  func takeRefusal(_ id: AttemptID) -> String? { locked { refusals.removeValue(forKey: id) } }
  /// Listeners of finished attempts, which stay up a moment to send the browser its last page.
  private var finishing: [CallbackListener] = []

  func add(_ id: AttemptID, _ kind: Kind) {
    locked { entries[id] = Entry(kind: kind) }
  }

  func kind(_ id: AttemptID) -> Kind? { locked { entries[id]?.kind } }

  /// Marks the exchange as started; false when it already was or the attempt is gone.
  func beginExchange(_ id: AttemptID) -> Bool {
    locked {
      guard var entry = entries[id], !entry.exchanging else { return false }
      entry.exchanging = true
      entries[id] = entry
      return true
    }
  }

  /// Replaces a QR attempt's session (the poll's reading of it); nothing if it is gone.
  func updateQR(_ id: AttemptID, _ session: QRSession) {
    locked {
      guard case .qr? = entries[id]?.kind else { return }
      entries[id]?.kind = .qr(session)
    }
  }

  /// Stops and forgets an attempt (repeated calls are harmless).
  func cancel(_ id: AttemptID) {
    let removed = locked { entries.removeValue(forKey: id) }
    if case .browser(let signIn)? = removed?.kind { signIn.cancel() }
  }

  /// Forgets a finished attempt without cancelling it (the listener closes itself).
  func finish(_ id: AttemptID) {
    locked {
      if case .browser(let signIn)? = entries.removeValue(forKey: id)?.kind,
        let listener = signIn.listener
      {
        finishing.append(listener)
      }
    }
  }

  /// Stops the listeners of finished attempts now: a new attempt may need their port (a fixed
  /// redirect port), and the user has moved on from their last page.
  func stopFinished() {
    let listeners = locked {
      defer { finishing.removeAll() }
      return finishing
    }
    for listener in listeners { listener.stop() }
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
