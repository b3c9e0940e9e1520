import Domain
import Foundation
import Storage

extension Services {
  /// Settings for a browser or paste-back attempt against the current backend.
  func authorizationSettings(timeout: TimeInterval) throws(DomainError) -> AuthorizationSettings {
    let backend = try tikTok()
    return AuthorizationSettings(
      clientKey: backend.credentials.clientKey, authBaseURL: backend.authBaseURL,
      scopes: configuration.scopes, challengeEncoding: .hex, timeout: timeout)
  }

  /// Starts a browser attempt: binds the callback listener on the redirect URI's port. The
  /// browser's success page waits up to `accountPageWait` seconds to name the account;
  /// `onRefused` hears of callbacks on the redirect path that were refused (a wrong state, an
  /// error without state), so the user learns why nothing happens.
  func startListener(
    timeout: TimeInterval, accountPageWait: TimeInterval = 10,
    onRefused: (@Sendable (CallbackRejection) -> Void)? = nil
  ) throws(DomainError) -> CallbackListener {
    var observer: CallbackListener.Observer?
    if let onRefused {
      observer = { (_: String, verdict: CallbackVerdict) in
        guard case .rejected(let reason) = verdict else { return }
        switch reason {
        // Favicons, stray requests and finished attempts are not the user's callback.
        case .wrongPath, .wrongMethod, .wrongHost, .notReady, .attemptFinished: return
        default: onRefused(reason)
        }
      }
    }
    return try CallbackListener(
      settings: authorizationSettings(timeout: timeout), redirectURI: configuration.redirectURI,
      listen: configuration.listen, digest: OpenSSLDigest(), accountPageWait: accountPageWait,
      observer: observer)
  }

  /// Exchanges an authorized callback's code and stores the account in one transaction.
  func finishConnect(_ callback: AuthorizedCallback) async -> Result<ConnectResult, DomainError> {
    await connect(
      code: callback.code, redirectURI: callback.redirectURI, codeVerifier: callback.codeVerifier,
      requested: callback.requestedScopes, granted: callback.grantedScopes)
  }

  /// The exchange shared by the browser, paste-back and QR flows: tokens, then the profile, then
  /// the one transaction (add, reconnect, or refuse), then the first page of videos.
  func connect(
    code: Secret, redirectURI: String?, codeVerifier: Secret?, requested: [String],
    granted: [String]?
  ) async -> Result<ConnectResult, DomainError> {
    let client: TikTokClient
    let grant: TokenGrant
    do {
      client = try tikTok().client
      grant = try await client.exchangeCode(
        code, redirectURI: redirectURI, codeVerifier: codeVerifier,
        deadline: Date().addingTimeInterval(RetrySchedule.defaultDeadline))
    } catch {
      return .failure(error)
    }
    let result = await store(grant, requested: requested, granted: granted, client: client)
    if case .failure = result, grant.openID.map({ (try? store.account($0)) ?? nil }) == nil {
      // Nothing kept these tokens and no stored account shares the grant: withdraw them at
      // TikTok rather than leave an authorization nobody holds.
      _ = try? await client.revoke(grant.accessToken)
    }
    return result
  }

  /// The profile, then the one transaction (add, reconnect, or refuse), then the first page
  /// of videos.
  private func store(
    _ grant: TokenGrant, requested: [String], granted: [String]?, client: TikTokClient
  ) async -> Result<ConnectResult, DomainError> {
    do throws(DomainError) {
      guard let openID = grant.openID, let refreshToken = grant.refreshToken else {
        throw DomainError.malformedResponse("the token answer has no open_id or refresh_token")
      }
      let scopes = grant.scopes ?? granted ?? requested
      var profile = try await client.userInfo(accessToken: grant.accessToken, grantedScopes: scopes)
      if profile.openID.isEmpty { profile.openID = openID }
      guard profile.openID == openID else {
        throw DomainError.malformedResponse("user info names another account than the token answer")
      }
      let now = Date()
      let tokens = TokenSet(
        accessToken: grant.accessToken, refreshToken: refreshToken,
        accessExpiresAt: now.addingTimeInterval(grant.accessExpiresIn),
        accessLifetime: grant.accessExpiresIn,
        refreshExpiresAt: now.addingTimeInterval(grant.refreshExpiresIn ?? grant.accessExpiresIn))
      let connection = NewConnection(
        profile: profile, grantedScopes: scopes,
        declinedScopes: Scope.declined(requested: requested, granted: scopes), tokens: tokens)
      let result = try store.saveConnection(connection, profile: self.profile, now: now)
      if scopes.contains(Scope.videoList) {
        await syncVideos(openID, accessToken: grant.accessToken)
      }
      return .success(result)
    } catch {
      return .failure(error)
    }
  }

  /// Fetches the first page of videos into the cache; a failure is recorded, not fatal.
  func syncVideos(_ openID: String, accessToken: Secret) async {
    do {
      let page = try await tikTok().client.videos(accessToken: accessToken)
      try store.storeVideos(page, openID: openID, firstPage: true)
    } catch {
      try? store.recordError(openID, message: error.message, logID: Self.logID(error), now: Date())
    }
  }

  static func logID(_ error: DomainError) -> String? {
    if case .tikTok(let tikTok) = error { return tikTok.logID }
    return nil
  }
}
