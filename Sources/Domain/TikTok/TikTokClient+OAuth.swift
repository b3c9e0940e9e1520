import Foundation

/// Token exchange, refresh and revoke on `/v2/oauth/*` (flat answers, errors often with 200).
extension TikTokClient {
  /// Exchanges an authorization code for tokens.
  ///
  /// - Parameters:
  ///   - redirectURI: the exact string sent in the authorize request (browser flow), or the QR
  ///     answer's `redirect_uri` cut at `?`; nil omits the field.
  ///   - codeVerifier: the attempt's PKCE verifier; nil for the QR flow, which has none.
  ///   - deadline: when the exchange, retries included, must be over.
  /// A code is single-use: this call is retried only when TikTok provably did not see it or
  /// answered that it failed (5xx, 429), never when its answer may be lost.
  public func exchangeCode(
    _ code: Secret, redirectURI: String?, codeVerifier: Secret?, deadline: Date? = nil
  ) async throws(DomainError) -> TokenGrant {
    var fields: [(name: String, value: String)] = [
      ("client_key", credentials.clientKey), ("client_secret", credentials.clientSecret.reveal),
      ("code", code.reveal), ("grant_type", "authorization_code"),
    ]
    if let redirectURI { fields.append(("redirect_uri", redirectURI)) }
    if let codeVerifier { fields.append(("code_verifier", codeVerifier.reveal)) }
    let response = try await postForm(
      .token, fields, safety: .unlessAnswerLost, deadline: deadline)
    return try Self.decodeGrant(response, isRefresh: false)
  }

  /// Trades the newest refresh token for a new pair, ending by `deadline` when given. A nil
  /// `refreshToken` in the result means TikTok kept the old one: the caller keeps storing it.
  /// `maySend` is asked right before each request leaves; when it says no, nothing is sent and
  /// the call ends as cancelled.
  public func refresh(
    _ refreshToken: Secret, deadline: Date? = nil, maySend: (@Sendable () -> Bool)? = nil
  ) async throws(DomainError) -> TokenGrant {
    let response = try await postForm(
      .token,
      [
        ("client_key", credentials.clientKey), ("client_secret", credentials.clientSecret.reveal),
        ("grant_type", "refresh_token"), ("refresh_token", refreshToken.reveal),
      ], deadline: deadline, maySend: maySend)
    return try Self.decodeGrant(response, isRefresh: true)
  }

  /// Revokes the grant behind `accessToken`. "Already invalid" answers count as done.
  public func revoke(_ accessToken: Secret) async throws(DomainError) -> RevokeOutcome {
    let response = try await postForm(
      .revoke,
      [
        ("client_key", credentials.clientKey), ("client_secret", credentials.clientSecret.reveal),
        ("token", accessToken.reveal),
      ])
    return try Self.decodeRevoke(response)
  }

  /// Decodes a token answer: success only when `access_token` is present and there is no
  /// `error`, whatever the HTTP status.
  static func decodeGrant(_ response: HTTPResponse, isRefresh: Bool) throws(DomainError)
    -> TokenGrant
  {
    let root = try root(of: response, endpoint: .token)
    let fields = payload(root, keys: ["access_token", "error"])
    if let error = oauthError(in: fields, response: response)
      ?? oauthError(
        in: root, response: response)
    {
      throw error
    }
    guard let access = try fields.string("access_token"), !access.isEmpty else {
      if response.status >= 400 { throw httpError(response) }
      throw fields.missing("access_token")
    }
    let lifetime = 1...maximumLifetime
    guard let expiresIn = try fields.integer("expires_in", in: lifetime) else {
      throw fields.missing("expires_in")
    }
    let refresh = try fields.string("refresh_token").flatMap { $0.isEmpty ? nil : $0 }
    let refreshExpiresIn = try fields.integer("refresh_expires_in", in: lifetime)
    let openID = try fields.string("open_id").flatMap { $0.isEmpty ? nil : $0 }
    if !isRefresh {
      // A new connection needs all of it: who it is and how to keep it alive.
      guard openID != nil else { throw fields.missing("open_id") }
      guard refresh != nil else { throw fields.missing("refresh_token") }
      guard refreshExpiresIn != nil else { throw fields.missing("refresh_expires_in") }
    }
    let scope = try fields.string("scope")
    return TokenGrant(
      accessToken: Secret(try opaque(access, field: "access_token")),
      refreshToken: try refresh.map { text throws(DomainError) in
        Secret(try opaque(text, field: "refresh_token"))
      },
      accessExpiresIn: TimeInterval(expiresIn),
      refreshExpiresIn: refreshExpiresIn.map(TimeInterval.init),
      openID: try openID.map { text throws(DomainError) in try opaque(text, field: "open_id") },
      scopes: scope.map { Scope.parse(UntrustedText.sanitize($0)) },
      tokenType: try fields.string("token_type").map(UntrustedText.sanitize))
  }

  static func decodeRevoke(_ response: HTTPResponse) throws(DomainError) -> RevokeOutcome {
    if response.status == 401 { return .alreadyRevoked }
    let text = String(decoding: response.body, as: UTF8.self)
    if text.allSatisfy(\.isWhitespace) {
      guard (200...299).contains(response.status) else { throw httpError(response) }
      return .revoked
    }
    let root = try root(of: response, endpoint: .revoke)
    let fields = payload(root, keys: ["error"])
    if let error = oauthError(in: fields, response: response) {
      if case .tikTok(let tikTok) = error,
        tikTok.code == "invalid_grant" || tikTok.code == "access_token_invalid"
      {
        return .alreadyRevoked
      }
      throw error
    }
    guard (200...299).contains(response.status) else { throw httpError(response) }
    return .revoked
  }
}

extension TikTokClient {
  /// The refresh engine's call: TikTok's refresh grant, its answer reduced to what is stored
  /// (with the open_id it names, which the engine checks).
  public func refreshTokens(_ request: RefreshRequest) async -> Result<RotatedTokens, DomainError> {
    do throws(DomainError) {
      let grant = try await refresh(
        request.refreshToken, deadline: request.deadline, maySend: request.maySend)
      return .success(RotatedTokens(grant))
    } catch {
      return .failure(error)
    }
  }
}
