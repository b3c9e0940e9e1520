import Domain
import Foundation
import Storage
import TUI

extension Services {
  /// Disconnects: revoke at TikTok (with an access token valid for at least a minute,
  /// refreshed first if needed), then delete the account locally whatever the revoke did,
  /// queueing the revoke (with the refresh token, for when the access token has expired) when
  /// the failure may pass (`DomainError.isTransient`: network, timeout, 5xx, 429).
  func disconnect(_ openID: String) async -> Result<DisconnectReport, DomainError> {
    guard let account = try? store.account(openID) else { return .failure(.noSuchAccount(openID)) }
    var report = DisconnectReport(revoked: false, revokeError: nil, willRetry: false)
    var queue: (access: Secret, refresh: Secret?)?
    if account.displayStatus(at: Date()).isUsable {
      _ = await engine().validAccessToken(openID, minimumValidity: 60)
    }
    switch Result(catching: { () throws(DomainError) in try store.tokens(openID) }) {
    case .failure(let error):
      // Tokens that do not open cannot be revoked: say so rather than pretend.
      report.revokeError = error
    case .success(let tokens):
      do {
        report.revoked =
          try await revokeGrant(tokens.accessToken, refresh: tokens.refreshToken)
          == .revoked
      } catch {
        report.revokeError = error
        if error.isTransient {
          report.willRetry = true
          queue = (tokens.accessToken, tokens.refreshToken)
        }
      }
    }
    do {
      try store.removeAccount(openID, queueRevocation: queue, now: Date())
    } catch {
      return .failure(error)
    }
    return .success(report)
  }

  /// Revokes a grant: with the access token, or, when TikTok says it is no longer valid and a
  /// refresh token is at hand, with a fresh one (a revoke with a dead token revokes nothing).
  func revokeGrant(_ access: Secret, refresh: Secret?) async throws(DomainError) -> RevokeOutcome {
    let client = try tikTok().client
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

  /// Retries queued revocations that are due; each is dropped once TikTok answers.
  func retryPendingRevocations(now: Date = Date()) async {
    guard let due = try? store.dueRevocations(now: now), !due.isEmpty else { return }
    for pending in due {
      do {
        _ = try await revokeGrant(pending.accessToken, refresh: pending.refreshToken)
        try? store.finishRevocation(pending.id)
      } catch {
        if error.isTransient && pending.attempts < 20 {
          let delay = Backoff(base: 60, maximum: 6 * 3600).ceiling(attempt: pending.attempts + 1)
          try? store.postponeRevocation(
            pending.id, until: Date().addingTimeInterval(delay), error: error.message)
        } else {
          try? store.finishRevocation(pending.id)
        }
      }
    }
  }

  /// Syncs the profile (user info) and the first page of videos. `access_token_invalid` gets
  /// one refresh and one retry; if it fails again the account is marked expired.
  func sync(_ openID: String) async -> Result<Account, DomainError> {
    guard let account = try? store.account(openID) else { return .failure(.noSuchAccount(openID)) }
    let result = await withAccessToken(openID) { token throws(DomainError) in
      let profile = try await self.tikTok().client.userInfo(
        accessToken: token, grantedScopes: account.grantedScopes)
      try self.store.updateProfile(openID, profile, now: Date())
      if account.grantedScopes.contains(Scope.videoList) {
        let page = try await self.tikTok().client.videos(accessToken: token)
        try self.store.storeVideos(page, openID: openID, firstPage: true)
      }
    }
    if case .failure(let error) = result {
      try? store.recordError(openID, message: error.message, logID: Self.logID(error), now: Date())
      return .failure(error)
    }
    guard let synced = try? store.account(openID) else { return .failure(.noSuchAccount(openID)) }
    return .success(synced)
  }

  /// The next page of videos after `cursor`, appended to the cache.
  func moreVideos(_ openID: String, cursor: Int64) async -> Result<VideoPage, DomainError> {
    await withAccessToken(openID) { token throws(DomainError) in
      let page = try await self.tikTok().client.videos(accessToken: token, cursor: cursor)
      try self.store.storeVideos(page, openID: openID, firstPage: false)
      return page
    }
  }

  /// Runs `call` with a valid access token; on `access_token_invalid` refreshes once and
  /// retries once, then marks the account expired.
  func withAccessToken<T: Sendable>(
    _ openID: String, _ call: @Sendable (Secret) async throws(DomainError) -> T
  ) async -> Result<T, DomainError> {
    let engine = engine()
    var outcome = await attempt(call, token: engine.validAccessToken(openID))
    guard case .failure(.tikTok(let error)) = outcome, error.code == "access_token_invalid" else {
      return outcome
    }
    if case .failure(let refreshError) = await engine.refresh(openID) {
      return .failure(refreshError)
    }
    // The generation of the token the retry uses: a refresh stored after it is not marked dead.
    let generation = (try? store.tokens(openID).generation) ?? -1
    outcome = await attempt(call, token: engine.validAccessToken(openID))
    guard case .failure(.tikTok(let again)) = outcome, again.code == "access_token_invalid" else {
      return outcome
    }
    _ = try? store.failRefresh(
      openID, owner: "sync", generation: generation,
      failure: .grantDead(.tikTok(again), status: .expired, reason: again.message), now: Date())
    return .failure(.needsReconnect(account: openID, reason: again.message))
  }

  private func attempt<T: Sendable>(
    _ call: @Sendable (Secret) async throws(DomainError) -> T, token: Result<Secret, DomainError>
  ) async -> Result<T, DomainError> {
    switch token {
    case .failure(let error): return .failure(error)
    case .success(let token):
      do {
        return .success(try await call(token))
      } catch {
        return .failure(error)
      }
    }
  }
}
