import Domain
import Foundation
import Sandbox
import Storage
import TUI

extension EffectRunner {
  /// How long a browser or paste-back attempt waits for TikTok's redirect.
  static let connectTimeout: TimeInterval = 300

  /// Starts a sign-in: its listener when the port can be bound (else the prompt says why, and
  /// paste-back and a QR code remain), and the browser when asked and the listener is up (the
  /// browser would otherwise land on whatever holds the port).
  func startConnect(_ id: AttemptID, openBrowser: Bool) -> Result<ConnectPrompt, DomainError> {
    do {
      _ = try services.accounts().checkCanConnect()
      attempts.stopFinished()
      let attempts = self.attempts
      let signIn = try services.startSignIn(timeout: Self.connectTimeout) { reason in
        attempts.refused(id, reason.message)
      }
      attempts.add(id, .browser(signIn))
      let opened =
        openBrowser && signIn.listener != nil
        && BrowserLauncher.open(signIn.attempt, configuration: services.configuration) != nil
      let sandbox = services.sandbox
      let hint = SSHForwardHint(
        ports: [signIn.listener?.port, sandbox?.port].compactMap { $0 },
        sshConnection: services.configuration.sshConnection,
        user: services.configuration.user)
      return .success(
        ConnectPrompt(
          authorizeURL: signIn.attempt.authorizeURL, sshForward: hint?.command,
          sshEscape: hint?.escape, expiresAt: Date().addingTimeInterval(Self.connectTimeout),
          canApproveInSandbox: sandbox != nil, browserOpened: opened,
          listenerProblem: signIn.listenerProblem.map(PortHolders.explain)))
    } catch {
      return .failure(error)
    }
  }

  /// Waits up to about a second for the attempt to end, then reports; a verified callback goes
  /// on to the exchange.
  func pollCallback(_ id: AttemptID, post: @escaping @Sendable (Msg) -> Void) async {
    guard case .browser(let signIn)? = attempts.kind(id) else { return }
    let attempt = signIn.attempt
    for _ in 0..<20 where attempt.outcome == .waiting {
      try? await Task.sleep(nanoseconds: 50_000_000)
    }
    switch attempt.outcome {
    case .waiting:
      if let reason = attempts.takeRefusal(id) {
        post(.callbackPolled(id, .refused(.invalidCallback(reason))))
      } else {
        post(.callbackPolled(id, .waiting))
      }
    case .authorized(let callback):
      post(.callbackPolled(id, .received))
      await exchange(id, listener: signIn.listener, post: post) {
        await self.services.accounts().connect(callback)
      }
    case .failed(let error):
      attempts.finish(id)
      post(.connectFinished(id, .failure(error)))
    }
  }

  /// A pasted redirect URL goes through the same parser and checks as the listener; the
  /// attempt needs no listener for it.
  func submitPaste(_ id: AttemptID, text: Secret, post: @escaping @Sendable (Msg) -> Void) async {
    guard case .browser(let signIn)? = attempts.kind(id) else { return }
    switch signIn.attempt.submit(text.reveal) {
    case .rejected(let reason):
      post(.pasteChecked(id, .refused(.invalidCallback(reason.message))))
    case .denied(let error, let description):
      post(.pasteChecked(id, .accepted))
      attempts.finish(id)
      post(
        .connectFinished(id, .failure(.authorizationDenied(code: error, description: description))))
    case .authorized:
      post(.pasteChecked(id, .accepted))
      guard case .authorized(let callback) = signIn.attempt.outcome else { return }
      await exchange(id, listener: signIn.listener, post: post) {
        await self.services.accounts().connect(callback)
      }
    }
  }

  /// "Approve in sandbox": the sandbox approves as the user would, for a browser attempt or a
  /// QR code; the result arrives through the usual polling.
  func approveInSandbox(
    _ id: AttemptID, account target: String?, post: @escaping @Sendable (Msg) -> Void
  ) async {
    guard let sandbox = services.sandbox else {
      post(.sandboxApprovalFailed(id, .failed("not running on the sandbox")))
      return
    }
    switch attempts.kind(id) {
    case .browser(let signIn)?:
      let query =
        signIn.attempt.authorizeURL.split(separator: "?", maxSplits: 1).last.map(String.init)
        ?? ""
      let account = target ?? sandboxAccountToApprove(sandbox)
      switch sandbox.approve(authorizeQuery: query, accountID: account, grantedScopes: nil) {
      case .success(let redirect): signIn.attempt.submit(redirect)
      case .failure(let error):
        post(.sandboxApprovalFailed(id, .failed("the sandbox refused: \(error.message)")))
      }
    case .qr(let session)?:
      if case .failure(let error) = services.approveInSandbox(
        session, account: target ?? sandboxAccountToApprove(sandbox))
      {
        post(.sandboxApprovalFailed(id, error))
      }
    case nil: return
    }
  }

  /// The sandbox user `a` approves as when the attempt is not a reconnect: the first of the
  /// cast not connected yet, so pressing `a` again adds another account instead of reconnecting
  /// the first one every time.
  func sandboxAccountToApprove(_ sandbox: SandboxServer) -> String? {
    let connected = Set(((try? services.store.allAccounts()) ?? []).map(\.openID))
    let cast = sandbox.accounts.map(\.openID)
    return cast.first { !connected.contains($0) } ?? cast.first
  }

  /// Runs the code exchange once per attempt and posts what it did.
  func exchange(
    _ id: AttemptID, listener: CallbackListener?, post: @escaping @Sendable (Msg) -> Void,
    _ call: @escaping @Sendable () async -> Result<ConnectResult, DomainError>
  ) async {
    guard attempts.beginExchange(id) else { return }
    let result = await call()
    attempts.finish(id)
    switch result {
    case .success(let connected):
      listener?.reportConnected(UntrustedText.sanitize(connected.account.label))
      let reconnected = if case .reconnected = connected { true } else { false }
      post(
        .connectFinished(
          id,
          .success(
            ConnectOutcome(
              account: connected.account, reconnected: reconnected,
              declinedScopes: connected.account.declinedScopes))))
    case .failure(let error):
      listener?.reportFailed(error.message)
      post(.connectFinished(id, .failure(error)))
    }
  }
}
