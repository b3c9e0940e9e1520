import Domain
import Foundation
import TUI

extension EffectRunner {
  var qrFlow: QRConnectFlow { QRConnectFlow(services: services) }

  /// Asks TikTok for a QR code and puts our own client_ticket into its scan URL.
  func startQR(_ id: AttemptID) async -> Result<QRPrompt, DomainError> {
    do {
      let session = try await qrFlow.start()
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
    let poll = await qrFlow.poll(&session)
    attempts.updateQR(id, session)
    switch poll {
    case .phase(let phase):
      if phase == .expired || phase == .utilised { attempts.finish(id) }
      post(.qrPolled(id, .success(phase)))
    case .failed(let error):
      post(.qrPolled(id, .failure(error)))
    case .denied(let error):
      attempts.finish(id)
      post(.connectFinished(id, .failure(error)))
    case .confirmed(let code, let redirectURI):
      post(.qrPolled(id, .success(.confirmed)))
      let flow = qrFlow
      await exchange(id, listener: nil, post: post) {
        await flow.exchange(code: code, redirectURI: redirectURI)
      }
    }
  }
}
