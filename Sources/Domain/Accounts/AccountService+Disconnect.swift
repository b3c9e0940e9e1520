import Foundation

extension AccountService {
  /// Disconnects: revoke at TikTok (with an access token valid for at least a minute,
  /// refreshed first if needed), then delete the account locally whatever the revoke did,
  /// queueing the revoke (with the refresh token, for when the access token has expired) when
  /// it failed in a way that may pass.
  public func disconnect(_ openID: String) async -> Result<DisconnectReport, DomainError> {
    guard let account = try? store.account(openID) else { return .failure(.noSuchAccount(openID)) }
    var report = DisconnectReport(revoked: false, revokeError: nil, willRetry: false)
    var queue: QueuedRevocation?
    if account.displayStatus(at: now, policy: engine.policy).isUsable {
      _ = await engine.validAccessToken(openID, minimumValidity: 60)
    }
    switch Result(catching: { () throws(DomainError) in try store.tokens(openID) }) {
    case .failure(let error):
      // Tokens that do not open cannot be revoked: say so rather than pretend.
      report.revokeError = error
    case .success(let tokens):
      do {
        let outcome = try await revokeGrant(
          tokens.accessToken, refresh: tokens.refreshToken, app: account.app)
        report.revoked = outcome == .revoked
        report.alreadyRevoked = outcome == .alreadyRevoked
      } catch {
        report.revokeError = error
        if error.isTransient {
          report.willRetry = true
          queue = QueuedRevocation(
            accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
            firstAttempt: now.addingTimeInterval(Self.revokeBackoff.base), app: account.app)
        }
      }
    }
    do {
      try store.removeAccount(openID, queueRevocation: queue, now: now)
    } catch {
      return .failure(error)
    }
    return .success(report)
  }

  /// Revokes a grant through the app it came from: with the access token, or, when TikTok says
  /// it is no longer valid and a refresh token is at hand, with a fresh one (a revoke with a
  /// dead token revokes nothing).
  func revokeGrant(_ access: Secret, refresh: Secret?, app: AppGrant) async throws(DomainError)
    -> RevokeOutcome
  {
    let client = try apps.client(for: app)
    let outcome = try await client.revoke(access)
    guard outcome == .alreadyRevoked, let refresh else { return outcome }
    let fresh: TokenGrant
    do {
      fresh = try await client.refresh(refresh)
    } catch {
      // A dead refresh token means the grant is gone already.
      if case .tikTok(let tikTok) = error, tikTok.code == "invalid_grant" { return .alreadyRevoked }
      throw error
    }
    return try await client.revoke(fresh.accessToken)
  }

  /// How long a queued revoke waits (a minute at first, doubling to six hours), and after how
  /// many failures it is given up.
  static let revokeBackoff = Backoff(base: 60, maximum: 6 * 3600)
  static let revokeAttempts = 20

  /// Retries queued revocations that are due; each is dropped once TikTok answers, or once it
  /// failed in a way that waiting does not cure.
  public func retryPendingRevocations() async {
    guard let due = try? store.dueRevocations(now: now), !due.isEmpty else { return }
    for pending in due {
      do {
        _ = try await revokeGrant(
          pending.accessToken, refresh: pending.refreshToken, app: pending.app)
        try? store.finishRevocation(pending.id)
      } catch {
        if error.isTransient && pending.attempts < Self.revokeAttempts {
          let delay = Self.revokeBackoff.ceiling(attempt: pending.attempts + 1)
          try? store.postponeRevocation(
            pending.id, until: now.addingTimeInterval(delay), error: error.message)
        } else {
          try? store.finishRevocation(pending.id)
        }
      }
    }
  }
}
