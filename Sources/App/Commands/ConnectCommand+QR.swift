import Domain
import Foundation

extension ConnectCommand {
  /// `tractok connect --qr`: draws TikTok's QR code, polls it until the phone approves (a new
  /// code whenever one expires), then exchanges the code like the browser flow.
  static func runQR(timeout: TimeInterval, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let services = try context.services()
    let accounts = services.accounts()
    let record = try context.attempt { try accounts.checkCanConnect() }
    let app = try context.attempt { try services.profileApp() }
    let out = context.output
    out.line(
      "Connect a TikTok account to profile \(context.profile) (\(record.tier.rawValue) tier) "
        + "through app \(app.label) with a QR code.")
    let deadline = Date().addingTimeInterval(timeout)
    let display = QRDisplay(
      output: out, printer: QRPrinter.forStandardOutput(environment: context.environment),
      sandbox: services.sandbox, deadline: deadline)
    let current = LockedValue<QRSession?>(nil)
    let waiting = LockedValue(true)
    if services.sandbox != nil {
      PasteReader.read(
        sandbox: true, while: { waiting.get() },
        handle: { line in
          guard case .approve(let account) = line else {
            out.error("Only `approve` (or `approve @username`) is understood here.")
            return
          }
          // Typed before the first code was drawn (a script piping `approve`): wait for it.
          while current.get() == nil && waiting.get() && Date() < deadline { usleep(20_000) }
          guard let session = current.get() else { return }
          if case .failure(let error) = services.approveInSandbox(session, account: account) {
            out.error("The sandbox could not approve: \(error.message)")
          }
        })
    }
    let polling = Task { await pollUntilConfirmed(accounts, display, current, deadline: deadline) }
    // Ctrl-C cancels the polling; once the phone has confirmed, the exchange runs to its end.
    let signals = SignalWatcher { _ in polling.cancel() }
    defer { signals.stop() }
    let confirmed = await polling.value
    waiting.set(false)
    let code: Secret
    let redirectURI: String?
    let session: QRSession
    switch confirmed {
    case .success(let answer): (code, redirectURI, session) = answer
    case .failure(let error):
      throw .failure(error == .cancelled ? "connect cancelled" : error.message)
    }
    switch await accounts.connectQR(code: code, redirectURI: redirectURI, session: session) {
    case .success(let result):
      try report(result, tier: record.tier, context)
      return .ok
    case .failure(let error):
      throw .failure(error.message)
    }
  }

  /// Shows codes and polls them until one is confirmed: its code, redirect URI and session, or
  /// why not
  /// (cancelled, timed out, already used, denied, a failure that waiting does not cure).
  private static func pollUntilConfirmed(
    _ accounts: AccountService, _ display: QRDisplay, _ current: LockedValue<QRSession?>,
    deadline: Date
  ) async -> Result<(Secret, String?, QRSession), DomainError> {
    while true {
      var session: QRSession
      do {
        session = try await accounts.startQR()
      } catch {
        return .failure(Task.isCancelled ? .cancelled : error)
      }
      current.set(session)
      display.show(session)
      polling: while true {
        let wake = min(Date().addingTimeInterval(session.pollDelay), deadline)
        try? await Task.sleep(nanoseconds: UInt64(max(0, wake.timeIntervalSinceNow) * 1e9))
        if Task.isCancelled { return .failure(.cancelled) }
        guard Date() < deadline else {
          return .failure(.timedOut("waiting for a phone to scan and confirm the QR code"))
        }
        display.drawIfItFitsNow()
        let shown = session.phase
        let polled = await accounts.pollQR(&session)
        if Task.isCancelled { return .failure(.cancelled) }
        current.set(session)
        switch polled {
        case .failure(let error) where error.isTransient:
          display.pollFailed(error, retryIn: session.pollDelay)
        case .failure(let error):
          return .failure(error)
        case .success(.denied(let error, let description)):
          return .failure(.authorizationDenied(code: error, description: description))
        case .success(.confirmed(let code, let redirectURI)):
          display.polled(.confirmed, shown: shown)
          return .success((code, redirectURI, session))
        case .success:
          display.polled(session.phase, shown: shown)
          if session.phase == .utilised {
            return .failure(
              .failed("this QR code was already used; run `tractok connect --qr` again"))
          }
          if session.phase == .expired { break polling }
        }
      }
    }
  }
}
