import Domain
import Foundation

extension ConnectCommand {
  /// `tractok connect --qr`: draws TikTok's QR code, polls it until the phone approves (a new
  /// code whenever one expires), then exchanges the code like the browser flow.
  static func runQR(timeout: TimeInterval, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let services = try context.services()
    let record = try context.attempt { try services.checkFreeSlot() }
    let out = context.output
    out.line(
      "Connect a TikTok account to profile \(context.profile) (\(record.tier.rawValue) tier) "
        + "with a QR code.")
    let flow = QRConnectFlow(services: services)
    let deadline = Date().addingTimeInterval(timeout)
    let display = QRDisplay(
      output: out, printer: QRPrinter.forStandardOutput(environment: context.environment),
      sandbox: services.sandbox, deadline: deadline)
    let current = LockedValue<QRConnectFlow.Session?>(nil)
    let waiting = LockedValue(true)
    if services.sandbox != nil {
      PasteReader.read(
        sandbox: true, while: { waiting.get() },
        handle: { line in
          guard case .approve(let account) = line else {
            out.error("Only `approve` (or `approve @username`) is understood here.")
            return
          }
          guard let session = current.get() else { return }
          if case .failure(let error) = flow.approveInSandbox(session, account: account) {
            out.error("The sandbox could not approve: \(error.message)")
          }
        })
    }
    let polling = Task { await pollUntilConfirmed(flow, display, current, deadline: deadline) }
    // Ctrl-C cancels the polling; once the phone has confirmed, the exchange runs to its end.
    let signals = SignalWatcher { _ in polling.cancel() }
    defer { signals.stop() }
    let confirmed = await polling.value
    waiting.set(false)
    let code: Secret
    let redirectURI: String?
    switch confirmed {
    case .success(let answer): (code, redirectURI) = answer
    case .failure(let error):
      throw .failure(error == .cancelled ? "connect cancelled" : error.message)
    }
    switch await flow.exchange(code: code, redirectURI: redirectURI) {
    case .success(let result):
      try report(result, tier: record.tier, context)
      return .ok
    case .failure(let error):
      throw .failure(error.message)
    }
  }

  /// Shows codes and polls them until one is confirmed: its code and redirect URI, or why not
  /// (cancelled, timed out, already used, denied, a failure that waiting does not cure).
  private static func pollUntilConfirmed(
    _ flow: QRConnectFlow, _ display: QRDisplay, _ current: LockedValue<QRConnectFlow.Session?>,
    deadline: Date
  ) async -> Result<(Secret, String?), DomainError> {
    while true {
      var session: QRConnectFlow.Session
      do {
        session = try await flow.start()
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
        let poll = await flow.poll(&session)
        if Task.isCancelled { return .failure(.cancelled) }
        current.set(session)
        switch poll {
        case .phase(let phase):
          display.polled(phase, shown: shown)
          if phase == .utilised {
            return .failure(
              .failed("this QR code was already used; run `tractok connect --qr` again"))
          }
          if phase == .expired { break polling }
        case .failed(let error) where error.isTransient:
          display.pollFailed(error, retryIn: session.pollDelay)
        case .failed(let error), .denied(let error):
          return .failure(error)
        case .confirmed(let code, let redirectURI):
          display.polled(.confirmed, shown: shown)
          return .success((code, redirectURI))
        }
      }
    }
  }
}
