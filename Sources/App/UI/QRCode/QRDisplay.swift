import Domain
import Foundation
import Sandbox
import TUI

/// What `connect --qr` prints about each code: the drawing (or why it is not drawn yet), the
/// scan URL, the sandbox's phone, and each change of status.
/// Unchecked: only the one polling task of a `connect --qr` uses it, one call at a time.
final class QRDisplay: @unchecked Sendable {
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
  func show(_ session: QRSession) {
    undrawn = nil
    printer = printer.remeasured()
    if let matrix = QRMatrix.best(for: session.scanURL, fits: printer.fits) {
      output.line("Scan this code with the TikTok app on your phone:\n")
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
