import Domain
import Foundation
import TUI

extension EffectRunner {
  /// Asks TikTok for a QR code and puts our own client_ticket into its scan URL.
  func startQR(_ id: AttemptID) async -> Result<QRPrompt, DomainError> {
    do {
      let session = try await services.accounts().startQR()
      attempts.add(id, .qr(session))
      return .success(
        QRPrompt(
          scanURL: session.scanURL, expiresAt: session.expiresAt,
          canApproveInSandbox: services.sandbox != nil))
    } catch {
      return .failure(error)
    }
  }

  /// Waits the poll interval, asks TikTok about the code, and reports the phase; on
  /// `confirmed`, exchanges the code.
  func pollQR(_ id: AttemptID, post: @escaping @Sendable (Msg) -> Void) async {
    guard case .qr(let waiting)? = attempts.kind(id) else { return }
    try? await Task.sleep(nanoseconds: UInt64(waiting.pollDelay * 1_000_000_000))
    // Cancelled (Esc, n) while waiting: nothing more to ask.
    guard case .qr(var session)? = attempts.kind(id) else { return }
    let accounts = services.accounts()
    let polled = await accounts.pollQR(&session)
    attempts.updateQR(id, session)
    switch polled {
    case .failure(let error):
      post(.qrPolled(id, .failure(error)))
    case .success(.denied(let error, let description)):
      attempts.finish(id)
      post(.connectFinished(id, .failure(.authorizationDenied(code: error, description: description))))
    case .success(.confirmed(let code, let redirectURI)):
      post(.qrPolled(id, .success(.confirmed)))
      let confirmed = session
      await exchange(id, listener: nil, post: post) {
        await accounts.connectQR(code: code, redirectURI: redirectURI, session: confirmed)
      }
    case .success:
      if session.phase == .expired || session.phase == .utilised { attempts.finish(id) }
      post(.qrPolled(id, .success(session.phase)))
    }
  }
}
