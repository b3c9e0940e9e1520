import Foundation

extension AccountService {
  /// The exchange shared by the browser, paste-back and QR flows: tokens, then the profile,
  /// then the one transaction (add, reconnect, or refuse), then the first page of videos. A
  /// grant nothing kept is withdrawn at TikTok. `app` is the profile's app the authorization
  /// was asked of (nil: the profile's app now).
  public func connect(
    code: Secret, redirectURI: String?, codeVerifier: Secret?, requested: [String],
    granted: [String]?, through app: ConnectingApp? = nil
  ) async -> Result<ConnectResult, DomainError> {
    let connecting: ConnectingApp
    let grant: TokenGrant
    do {
      if let app { connecting = app } else { connecting = try apps.connecting() }
      grant = try await connecting.client.exchangeCode(
        code, redirectURI: redirectURI, codeVerifier: codeVerifier,
        deadline: now.addingTimeInterval(RetrySchedule.defaultDeadline))
    } catch {
      return .failure(error)
    }
    let result = await Self.result { () async throws(DomainError) in
      try await keep(grant, requested: requested, granted: granted, through: connecting)
    }
    if case .failure = result, grant.openID.map({ (try? store.account($0)) ?? nil }) == nil {
      // Nothing kept these tokens and no stored account shares the grant: withdraw them at
      // TikTok rather than leave an authorization nobody holds.
      _ = try? await connecting.client.revoke(grant.accessToken)
    }
    return result
  }

  /// A browser or paste-back callback's exchange.
  public func connect(_ callback: AuthorizedCallback) async -> Result<ConnectResult, DomainError> {
    await connect(
      code: callback.code, redirectURI: callback.redirectURI, codeVerifier: callback.codeVerifier,
      requested: callback.requestedScopes, granted: callback.grantedScopes)
  }

  /// The profile, then the one transaction, then the first page of videos.
  private func keep(
    _ grant: TokenGrant, requested: [String], granted: [String]?, through connecting: ConnectingApp
  ) async throws(DomainError) -> ConnectResult {
    let client = connecting.client
    guard let openID = grant.openID, let refreshToken = grant.refreshToken else {
      throw DomainError.malformedResponse("the token answer has no open_id or refresh_token")
    }
    let scopes = grant.scopes ?? granted ?? requested
    var profile = try await client.userInfo(accessToken: grant.accessToken, grantedScopes: scopes)
    if profile.openID.isEmpty { profile.openID = openID }
    guard profile.openID == openID else {
      throw DomainError.malformedResponse("user info names another account than the token answer")
    }
    let now = self.now
    let tokens = TokenSet(
      accessToken: grant.accessToken, refreshToken: refreshToken,
      accessExpiresAt: now.addingTimeInterval(grant.accessExpiresIn),
      accessLifetime: grant.accessExpiresIn,
      refreshExpiresAt: now.addingTimeInterval(grant.refreshExpiresIn ?? grant.accessExpiresIn))
    let connection = NewConnection(
      profile: profile, grantedScopes: scopes,
      declinedScopes: Scope.declined(requested: requested, granted: scopes), tokens: tokens,
      app: connecting.app.grant)
    let result = try store.saveConnection(connection, profile: self.profile, now: now)
    events.check(openID)
    if scopes.contains(Scope.videoList) {
      await syncVideos(openID, accessToken: grant.accessToken, client: client)
    }
    return result
  }

  /// Fetches the first page of videos into the cache; a failure is recorded, not fatal.
  func syncVideos(_ openID: String, accessToken: Secret, client: TikTokClient) async {
    do {
      let page = try await client.videos(accessToken: accessToken)
      try store.storeVideos(page, openID: openID, firstPage: true)
    } catch {
      try? store.recordError(openID, message: error.message, logID: error.logID, now: now)
    }
  }
}
