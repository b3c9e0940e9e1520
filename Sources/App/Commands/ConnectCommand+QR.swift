import Domain
import Foundation
import Sandbox
import TUI

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
      PasteReader.read(sandbox: true, while: { waiting.get() }) { line in
        guard case .approve(let account) = line else {
          out.error("Only `approve` (or `approve @username`) is understood here.")
          return
        }
        guard let session = current.get() else { return }
        if case .failure(let error) = flow.approveInSandbox(session, account: account) {
          out.error("The sandbox could not approve: \(error.message)")
        }
      }
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
      out.line(
        ConnectReport.text(
          result, profile: context.profile, tier: record.tier, slotsUsed: try slotsUsed(context)))
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
      do { session = try await flow.start() } catch { return .failure(error) }
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

/// What `connect --qr` prints about each code: the drawing (or why it is not drawn yet), the
/// scan URL, the sandbox's phone, and each change of status.
private final class QRDisplay: @unchecked Sendable {
  private let output: Output
  private var printer: QRPrinter
  private let sandbox: SandboxServer?
  private let deadline: Date
  /// A code that waits for the terminal to grow big enough to draw it.
  private var undrawn: QRMatrix?
  private var failing = false

  init(output: Output, printer: QRPrinter, sandbox: SandboxServer?, deadline: Date) {
    self.output = output
    self.printer = printer
    self.sandbox = sandbox
    self.deadline = deadline
  }

  /// A new code: drawn when it fits, its URL, the sandbox's ways to approve, and the wait.
  func show(_ session: QRConnectFlow.Session) {
    undrawn = nil
    if let matrix = QRMatrix(encoding: session.scanURL) {
      output.line("Scan this code with the TikTok app on your phone:\n")
      printer = printer.remeasured()
      if printer.fits(matrix) {
        draw(matrix)
      } else {
        undrawn = matrix
        output.line(printer.tooSmallMessage(for: matrix))
      }
    } else {
      output.line("TikTok's scan URL is too long to draw as a QR code.")
    }
    output.line("Scan URL: \(session.scanURL)")
    if let sandbox {
      // The sandbox's poll token is in this URL: it opens nothing but the sandbox.
      let page = sandbox.phonePageURL(token: session.token.reveal, scanURL: session.scanURL)
      output.line("Sandbox: play the phone at \(page)")
      output.line(
        "  or type `approve` (or `approve @username`) and Enter to scan and confirm here.")
    }
    let left = max(0, Int(deadline.timeIntervalSinceNow.rounded()))
    output.line("Waiting for a scan (giving up in \(left) s; Ctrl-C cancels)...")
  }

  private func draw(_ matrix: QRMatrix) {
    for line in printer.lines(for: matrix) { output.line(line) }
    if let note = printer.inkNote { output.line(note) }
    output.line("")
  }

  /// Draws the code that did not fit, once the terminal has grown.
  func drawIfItFitsNow() {
    guard let matrix = undrawn else { return }
    printer = printer.remeasured()
    guard printer.fits(matrix) else { return }
    undrawn = nil
    output.line("")
    draw(matrix)
  }

  /// A poll answered: says when the phase changed, or when TikTok is reachable again.
  func polled(_ phase: QRPhase, shown: QRPhase) {
    if failing { output.error("Checking the code works again.") }
    failing = false
    guard phase != shown else { return }
    switch phase {
    case .waiting: output.line("Waiting for a scan.")
    case .scanned: output.line("Scanned: confirm on your phone.")
    case .confirmed: output.line("Confirmed on the phone; exchanging the code...")
    case .expired: output.line("This code expired; getting a new one...")
    case .utilised: output.line("TikTok says this code was already used.")
    }
  }

  /// Says once per run of failures that polling goes on, more slowly.
  func pollFailed(_ error: DomainError, retryIn delay: TimeInterval) {
    guard !failing else { return }
    failing = true
    output.error("Checking the code failed (\(error.message)); trying every \(Int(delay)) s.")
  }
}
