import Domain
import Foundation

extension SandboxState {
  /// The form fields of an OAuth POST with its registered client_key, or the error reply that
  /// ends it here.
  ///
  /// Client authentication comes after the rate limit so a flood of bad requests still counts.
  mutating func oauthForm(
    _ http: HTTPRequest, endpoint: SandboxEndpoint, needsSecret: Bool, now: Date, logID: String
  ) -> Result<(form: SandboxForm, clientKey: String), SandboxReply> {
    let contentType = (http.header("Content-Type") ?? "").lowercased()
    guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
      return .failure(
        .oauthError(
          "invalid_request", "Content-Type must be application/x-www-form-urlencoded.",
          logID: logID))
    }
    guard let form = SandboxForm(http.body) else {
      return .failure(
        .oauthError("invalid_request", "The form body is malformed.", logID: logID))
    }
    guard admit(endpoint, key: form.first("client_key") ?? "", now: now) else {
      return .failure(Self.rateLimitReply(endpoint, logID: logID))
    }
    guard let clientKey = form.only("client_key"),
      let secret = settings.secret(forClientKey: clientKey),
      !needsSecret || form.only("client_secret") == secret
    else {
      return .failure(
        .oauthError("invalid_client", "Client key or client secret is invalid.", logID: logID))
    }
    return .success((form, clientKey))
  }

  /// 429 `rate_limit_exceeded` in the endpoint's error shape.
  static func rateLimitReply(_ endpoint: SandboxEndpoint, logID: String) -> SandboxReply {
    .error(
      endpoint, code: "rate_limit_exceeded",
      message: "The API rate limit was exceeded. Please slow down and retry.", status: 429,
      logID: logID)
  }

  /// `POST /v2/oauth/token/` for both grants. With `keepRefreshToken` (a fault) a refresh issues
  /// only a new access token and leaves the presented refresh token valid.
  mutating func token(_ http: HTTPRequest, now: Date, keepRefreshToken: Bool) -> SandboxReply {
    let logID = SandboxIssuer.logID(at: now)
    let form: SandboxForm
    let clientKey: String
    switch oauthForm(http, endpoint: .token, needsSecret: true, now: now, logID: logID) {
    case .success(let checked): (form, clientKey) = checked
    case .failure(let reply): return reply
    }
    switch form.only("grant_type") {
    case "authorization_code": return exchange(form, clientKey: clientKey, now: now, logID: logID)
    case "refresh_token":
      return refresh(
        form, clientKey: clientKey, now: now, logID: logID, keepRefreshToken: keepRefreshToken)
    case nil: return .oauthError("invalid_request", "grant_type is required.", logID: logID)
    default:
      return .oauthError("unsupported_grant_type", "The grant_type is not supported.", logID: logID)
    }
  }

  private mutating func exchange(_ form: SandboxForm, clientKey: String, now: Date, logID: String)
    -> SandboxReply
  {
    let invalid = { (text: String) in SandboxReply.oauthError("invalid_grant", text, logID: logID) }
    guard let code = form.only("code") else {
      return .oauthError("invalid_request", "code is required.", logID: logID)
    }
    // A code works only for the app it was issued to.
    guard var record = records.codes[code], record.clientKey == clientKey else {
      return invalid("Authorization code is invalid.")
    }
    guard !record.consumed else { return invalid("Authorization code has been used.") }
    guard now < record.expiresAt else { return invalid("Authorization code is expired.") }
    // One attempt per code: a failed check below still uses the code up.
    record.consumed = true
    records.codes[code] = record
    records.ledger.codesConsumed.append(code)
    let redirectURI = form.only("redirect_uri")
    let redirectMatches = redirectURI.map { $0.utf8.elementsEqual(record.redirectURI.utf8) }
    guard redirectMatches ?? record.viaQR else {
      // TikTok's documented answer to this mistake (the code is still used up).
      return .oauthError(
        "invalid_request", "Redirect_uri is not matched with the uri when requesting code.",
        logID: logID)
    }
    if let challenge = record.challenge {
      let verifier = form.only("code_verifier") ?? ""
      guard !verifier.isEmpty, digest.hexSHA256(verifier).utf8.elementsEqual(challenge.utf8) else {
        return invalid("Code verifier or code challenge is invalid.")
      }
    }
    let grantID = startGrant(
      openID: record.openID, clientKey: record.clientKey, scopes: record.scopes, now: now)
    let access = issueAccessToken(grantID: grantID, now: now)
    let refresh = issueRefreshToken(grantID: grantID)
    return tokenReply(grantID: grantID, access: access, refresh: refresh, now: now, logID: logID)
  }

  private mutating func refresh(
    _ form: SandboxForm, clientKey: String, now: Date, logID: String, keepRefreshToken: Bool
  ) -> SandboxReply {
    let invalid = { (text: String) in SandboxReply.oauthError("invalid_grant", text, logID: logID) }
    guard let presented = form.only("refresh_token") else {
      return .oauthError("invalid_request", "refresh_token is required.", logID: logID)
    }
    // A refresh token works only with the credentials of the app it was issued to.
    guard let record = records.refreshTokens[presented], let grant = records.grants[record.grantID],
      grant.clientKey == clientKey
    else { return invalid("Refresh token is invalid.") }
    guard !grant.revoked else { return invalid("Refresh token has been revoked.") }
    guard record.rotatedAt == nil else {
      // Reuse of a rotated token means it leaked or a client raced itself: kill the grant.
      revoke(grantID: record.grantID)
      records.ledger.reuseEvents.append(openID(grant))
      return invalid("Refresh token has already been used; the authorization is revoked.")
    }
    guard now < grant.refreshDeadline else { return invalid("Refresh token is expired.") }
    var newRefresh: String?
    if !keepRefreshToken {
      records.refreshTokens[presented]?.rotatedAt = now
      newRefresh = issueRefreshToken(grantID: record.grantID)
    }
    let access = issueAccessToken(grantID: record.grantID, now: now)
    records.ledger.refreshes[openID(grant), default: 0] += 1
    records.ledger.refreshesByClient[clientKey, default: [:]][openID(grant), default: 0] += 1
    return tokenReply(
      grantID: record.grantID, access: access, refresh: newRefresh, now: now, logID: logID)
  }

  /// TikTok's flat success shape, fields in its order; `refresh_expires_in` is what is left of
  /// the grant's refresh deadline.
  private func tokenReply(grantID: Int, access: String, refresh: String?, now: Date, logID: String)
    -> SandboxReply
  {
    guard let grant = records.grants[grantID] else {
      return .oauthError("server_error", "Internal error.", logID: logID, status: 500)
    }
    var fields: [(String, SandboxJSON)] = [
      ("access_token", .string(access)),
      ("expires_in", .int(Int64(settings.accessTTL))),
      ("open_id", .string(openID(grant))),
      ("refresh_expires_in", .int(Self.seconds(until: grant.refreshDeadline, from: now))),
    ]
    if let refresh { fields.append(("refresh_token", .string(refresh))) }
    fields += [
      ("scope", .string(grant.scopes.joined(separator: ","))), ("token_type", .string("Bearer")),
    ]
    var reply = SandboxReply.json(.object(fields), logID: logID)
    reply.headers.append(("Cache-Control", "no-store"))
    return reply
  }

  /// `POST /v2/oauth/revoke/`: the access token's user leaves the app, so every grant of that
  /// user for this app dies.
  mutating func revokeToken(_ http: HTTPRequest, now: Date) -> SandboxReply {
    let logID = SandboxIssuer.logID(at: now)
    let form: SandboxForm
    let clientKey: String
    switch oauthForm(http, endpoint: .revoke, needsSecret: true, now: now, logID: logID) {
    case .success(let checked): (form, clientKey) = checked
    case .failure(let reply): return reply
    }
    guard let token = form.only("token") else {
      return .oauthError("invalid_request", "token is required.", logID: logID)
    }
    // Another app's token is not this app's to revoke.
    guard let (_, grant) = self.grant(forAccessToken: token, now: now), grant.clientKey == clientKey
    else {
      return .oauthError(
        "access_token_invalid", "The access token is invalid or not found in the request.",
        logID: logID)
    }
    for (id, other) in records.grants
    where other.openID == grant.openID && other.clientKey == grant.clientKey {
      revoke(grantID: id)
    }
    records.ledger.revocations.append(openID(grant))
    records.ledger.revocationsByClient[clientKey, default: []].append(openID(grant))
    return .json(.object([]), logID: logID)
  }
}
