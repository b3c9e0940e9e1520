import Foundation

extension AccountService {
  /// Syncs the profile (user info) and the first page of videos. `access_token_invalid` gets
  /// one refresh and one retry; if it fails again the account is marked expired.
  public func sync(_ openID: String) async -> Result<SyncResult, DomainError> {
    guard let account = try? store.account(openID) else { return .failure(.noSuchAccount(openID)) }
    let videoList = account.grantedScopes.contains(Scope.videoList)
    let result = await withAccessToken(openID) { token throws(DomainError) in
      let client = try apps.client(for: account.app)
      let profile = try await client.userInfo(
        accessToken: token, grantedScopes: account.grantedScopes)
      try store.updateProfile(openID, profile, now: now)
      guard videoList else { return VideoPage?.none }
      let page = try await client.videos(accessToken: token)
      try store.storeVideos(page, openID: openID, firstPage: true)
      return page
    }
    switch result {
    case .failure(.needsReconnect(let account, let reason)):
      // The engine stored the dead grant as the account's status and reason already.
      return .failure(.needsReconnect(account: account, reason: reason))
    case .failure(let error):
      try? store.recordError(openID, message: error.message, logID: error.logID, now: now)
      return .failure(error)
    case .success(let videos):
      guard let synced = try? store.account(openID) else {
        return .failure(.noSuchAccount(openID))
      }
      return .success(SyncResult(account: synced, videos: videos))
    }
  }

  /// The page of videos after `cursor`, appended to the cache.
  public func moreVideos(_ openID: String, cursor: Int64) async -> Result<VideoPage, DomainError> {
    await withAccessToken(openID) { token throws(DomainError) in
      let page = try await tikTok(for: openID).videos(accessToken: token, cursor: cursor)
      try store.storeVideos(page, openID: openID, firstPage: false)
      return page
    }
  }

  /// Runs `call` with a valid access token; on `access_token_invalid` refreshes once and
  /// retries once, then the engine marks the account expired.
  func withAccessToken<T: Sendable>(
    _ openID: String, _ call: @Sendable (Secret) async throws(DomainError) -> T
  ) async -> Result<T, DomainError> {
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
    return .failure(engine.accessTokenRejected(openID, generation: generation, error: .tikTok(again)))
  }

  private func attempt<T: Sendable>(
    _ call: @Sendable (Secret) async throws(DomainError) -> T, token: Result<Secret, DomainError>
  ) async -> Result<T, DomainError> {
    switch token {
    case .failure(let error): return .failure(error)
    case .success(let token): return await Self.result { () async throws(DomainError) in try await call(token) }
    }
  }
}
