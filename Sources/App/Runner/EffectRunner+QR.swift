import Domain
import Foundation
import TUI

extension EffectRunner {
  /// Asks TikTok for a QR code and puts our own client_ticket into its scan URL.
  func startQR(_ id: AttemptID) async -> Result<QRPrompt, DomainError> {
    do {
      _ = try services.checkFreeSlot()
      let login = QRLoginAttempt()
      let ticket = try await services.tikTok().client.qrCode(
        scopes: services.configuration.scopes, state: login.state)
      let scanURL = try login.scanURL(from: ticket.scanURLTemplate).get()
      let expiresAt = Date().addingTimeInterval(QRLoginAttempt.lifetime)
      attempts.add(
        id,
        .qr(
          ConnectAttempts.QRSession(
            login: login, token: ticket.token, scanURL: scanURL, expiresAt: expiresAt)))
      return .success(
        QRPrompt(
          scanURL: scanURL, expiresAt: expiresAt, canApproveInSandbox: services.sandbox != nil))
    } catch let error as DomainError {
      return .failure(error)
    } catch {
      return .failure(.failed("\(error)"))
    }
  }

  /// Waits the poll interval, asks TikTok about the code, and reports the phase; on
  /// `confirmed`, exchanges the code.
  func pollQR(_ id: AttemptID, post: @escaping @Sendable (Msg) -> Void) async {
    guard case .qr(let session)? = attempts.kind(id) else { return }
    let interval =
      session.lastPollFailed ? QRLoginAttempt.errorPollInterval : QRLoginAttempt.pollInterval
    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
    guard case .qr? = attempts.kind(id) else { return }
    if Date() >= session.expiresAt {
      attempts.finish(id)
      post(.qrPolled(id, .success(.expired)))
      return
    }
    let check: QRCheck
    do {
      check = try await services.tikTok().client.checkQRCode(token: session.token)
      attempts.updateQR(id) { $0.lastPollFailed = false }
    } catch {
      attempts.updateQR(id) { $0.lastPollFailed = true }
      post(.qrPolled(id, .failure(error)))
      return
    }
    switch session.login.interpret(check) {
    case .ignored: post(.qrPolled(id, .success(session.phase)))
    case .waiting: post(.qrPolled(id, .success(.waiting)))
    case .scanned:
      attempts.updateQR(id) { $0.phase = .scanned }
      post(.qrPolled(id, .success(.scanned)))
    case .expired:
      attempts.finish(id)
      post(.qrPolled(id, .success(.expired)))
    case .utilised:
      attempts.finish(id)
      post(.qrPolled(id, .success(.utilised)))
    case .denied(let error, let description):
      attempts.finish(id)
      post(
        .connectFinished(id, .failure(.authorizationDenied(code: error, description: description))))
    case .confirmed(let code, let redirectURI):
      post(.qrPolled(id, .success(.confirmed)))
      let scopes = services.configuration.scopes
      await exchange(id, listener: nil, post: post) {
        await self.services.connect(
          code: code, redirectURI: redirectURI, codeVerifier: nil, requested: scopes, granted: nil)
      }
    }
  }
}
