import Domain
import Foundation
import Sandbox

/// `tractok connect`: adds (or reconnects) an account through TikTok's authorization page, or
/// with `--qr` through a QR code scanned by the TikTok app.
enum ConnectCommand: Command {
  static let name = "connect"
  static let summary = "connect a TikTok account (browser, paste-back over SSH, QR code)"
  static let usage = "connect [--qr] [--no-browser] [--timeout SECONDS]"
  static let details = """
    Prints TikTok's authorization URL and opens $BROWSER (or xdg-open on a desktop) on a
    private page that forwards to it, so the URL never appears in a program's arguments. After
    you approve, TikTok redirects to the loopback listener on the redirect URI's port (any
    free port with the default http://127.0.0.1:*/callback/; on 127.0.0.1, and ::1 too for
    localhost; only your own processes are answered) and the account is stored. Over SSH, it
    prints the `ssh -L` line (or the `~C` escape) for the port it listens on, which lets your
    local browser reach the listener; or paste the URL the browser ended on (even an error
    page) here and press Enter. Paste-back needs no listener: when a fixed redirect port is
    held by another program, connect names it (your own process by name and pid, or another
    user) and waits for the pasted URL; --qr works then too. Closing standard input does not
    cancel; the timeout or Ctrl-C does. Connecting an account already in this profile renews
    its tokens. The account is connected through the profile's app (`tractok profile list`;
    with none bound, TIKTOK_CLIENT_KEY's app, else the built-in sandbox) and keeps it.

    With --qr, no browser or port forward is needed: it draws TikTok's QR code in the terminal
    (about 65x34 cells, or a smaller code with less error correction in about 57x30) and
    prints the URL it encodes. Scan it with the TikTok app and confirm on the phone; an
    expired code is replaced automatically.

    On the built-in sandbox, type `approve` (or `approve @username`) and Enter to approve
    without a browser or phone.

    Options:
      --qr                connect by scanning a QR code with the TikTok app
      --no-browser        do not open a browser; only print the URL
      --timeout SECONDS   give up after this long (default 300)

    Exit codes: 0 connected, 1 refused, denied, timed out or cancelled.
    """
  static let spec = ArgumentSpec(flags: ["--qr", "--no-browser"], options: ["--timeout"])

  static func run(_ arguments: Arguments, _ context: Context) async throws(CommandFailure)
    -> ExitCode
  {
    let timeout = TimeInterval(try arguments.wholeNumber("--timeout", in: 1...86_400) ?? 300)
    if arguments.flags.contains("--qr") { return try await runQR(timeout: timeout, context) }
    let services = try context.services()
    let record = try context.attempt { try services.accounts().checkCanConnect() }
    let app = try context.attempt { try services.profileApp() }
    let output = context.output
    let signIn = try context.attempt {
      try services.startSignIn(timeout: timeout) { reason in
        output.error(
          "The browser came back, but tractok refused it: \(reason.message). Still waiting.")
      }
    }
    let attempt = signIn.attempt
    let listener = signIn.listener
    // Watching before anything is printed: a Ctrl-C right after the URL appears must cancel,
    // not kill the process (seen as a flaky end-to-end test under load).
    let signals = SignalWatcher { _ in attempt.cancel() }
    defer { signals.stop() }
    let out = context.output
    out.line(
      "Connect a TikTok account to profile \(context.profile) (\(record.tier.rawValue) tier) "
        + "through app \(app.label).")
    if let problem = signIn.listenerProblem { out.error(PortHolders.explain(problem)) }
    out.line("Open this URL in a browser and approve:\n\n  \(attempt.authorizeURL)\n")
    // Without a listener the browser would land on whatever holds the port: the user opens
    // the link where they like and pastes the address back.
    if listener != nil && !arguments.flags.contains("--no-browser") {
      if let opened = BrowserLauncher.open(attempt, configuration: context.configuration) {
        out.line("Opened it with \(opened).")
      } else if let browser = context.configuration.browser {
        out.error(
          "Could not open the URL with $BROWSER (\(UntrustedText.sanitize(browser))); open it yourself."
        )
      }
    }
    let sandbox = services.sandbox
    printForwardHint(listener: listener, sandbox: sandbox, context)
    if listener != nil {
      out.line("Or paste the URL your browser ended on here and press Enter.")
    } else {
      out.line(
        "Then paste the URL your browser ends on here (whatever its page says) and press Enter; "
          + "`tractok connect --qr` works too.")
    }
    if sandbox != nil {
      out.line("Sandbox: type `approve` (or `approve @username`) and Enter to approve here.")
    }
    out.line("Waiting up to \(Int(timeout)) s (Ctrl-C cancels)...")
    PasteReader.start(attempt: attempt, sandbox: sandbox, output: out)
    let callback: AuthorizedCallback
    do {
      callback = try await attempt.result()
    } catch {
      listener?.reportFailed(error.message)
      throw .failure(error == .cancelled ? "connect cancelled" : error.message)
    }
    out.line("Authorized; exchanging the code...")
    switch await services.accounts().connect(callback) {
    case .success(let result):
      let account = result.account
      listener?.reportConnected(UntrustedText.sanitize(account.label))
      listener?.finishAnswering()
      try report(result, tier: record.tier, context)
      return .ok
    case .failure(let error):
      listener?.reportFailed(error.message)
      listener?.finishAnswering()
      throw .failure(error.message)
    }
  }

  /// Over SSH, the `ssh -L` line and `~C` escape that let the user's own browser reach the
  /// listener (its port actually bound) and the sandbox's pages.
  private static func printForwardHint(
    listener: CallbackListener?, sandbox: SandboxServer?, _ context: Context
  ) {
    let ports = [listener?.port, sandbox?.port].compactMap { $0 }
    guard
      let hint = SSHForwardHint(
        ports: ports, sshConnection: context.configuration.sshConnection,
        user: context.configuration.user)
    else { return }
    let reach = listener != nil ? "this server's listener" : "this server's sandbox"
    context.output.line("Over SSH, let your local browser reach \(reach):")
    context.output.line("  \(hint.command)")
    context.output.line("  or in this session: \(hint.escape)")
  }

  /// Prints what a connect did, with the slots the profile now uses.
  static func report(_ result: ConnectResult, tier: Tier, _ context: Context)
    throws(CommandFailure)
  {
    let used = try context.attempt { try context.store().accounts(profile: context.profile).count }
    context.output.line(
      ConnectReport.text(result, profile: context.profile, tier: tier, slotsUsed: used))
  }
}

/// The lines that say what a connect did.
enum ConnectReport {
  static func text(_ result: ConnectResult, profile: String, tier: Tier, slotsUsed: Int) -> String {
    let account = result.account
    let name =
      "\(UntrustedText.sanitize(account.label)) (\(UntrustedText.sanitize(account.handle)))"
    var lines: [String] = []
    switch result {
    case .added:
      lines.append(
        "Connected \(name) to profile \(profile): \(slotsUsed) of \(tier.slotLimit) slots used.")
    case .reconnected:
      lines.append("Reconnected \(name): its tokens are renewed; no new slot used.")
    }
    if !account.declinedScopes.isEmpty {
      lines.append(
        "Not granted (unticked on TikTok's page): \(account.declinedScopes.joined(separator: ", "))"
      )
    }
    return lines.joined(separator: "\n")
  }
}
