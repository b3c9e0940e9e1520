import Foundation

/// The badge an account shows, derived from what is stored and the clock.
public enum AccountStatus: String, Sendable, Equatable, CaseIterable {
  case active
  case refreshing
  case expiring
  case error
  case expired
  case revoked
  case overLimit = "over-limit"

  /// Whether an account with this status can hand out an access token.
  public var isUsable: Bool {
    switch self {
    case .active, .refreshing, .expiring, .error: true
    case .expired, .revoked, .overLimit: false
    }
  }

  /// One-column glyphs of neutral East Asian width, so they keep one column in every locale.
  public var glyph: Character {
    switch self {
    case .active: "✓"
    case .refreshing: "↻"
    case .expiring: "⧗"
    case .error: "✗"
    case .expired: "⊘"
    case .revoked: "⊗"
    case .overLimit: "⊖"
    }
  }

  /// The badge as the UI and the CLI write it, glyph and word (`✓ active`): never colour alone.
  public var badge: String { "\(glyph) \(rawValue)" }
}

extension Account {
  /// The badge at `now`: stored terminal states win; a live lease shows `refreshing`; a dead
  /// access token, a failing refresh close to expiry, or a refresh token within the warning
  /// window shows `expiring`.
  public func displayStatus(at now: Date, policy: RefreshPolicy = RefreshPolicy()) -> AccountStatus
  {
    switch status {
    case .expired: return .expired
    case .revoked: return .revoked
    case .overLimit: return .overLimit
    case .active, .error: break
    }
    if refreshExpiresAt <= now { return .expired }
    if let lease = leaseUntil, lease > now { return .refreshing }
    let accessRunningOut = accessExpiresAt.timeIntervalSince(now) < policy.minimumMargin / 2
    if status == .error { return accessRunningOut ? .expiring : .error }
    if refreshExpiresAt.timeIntervalSince(now) <= policy.reconnectWarning { return .expiring }
    return .active
  }

  /// Whether only a reconnect helps (the grant expired or was revoked); over-limit accounts
  /// are waiting for a slot, not for a reconnect.
  public func needsReconnect(at now: Date, policy: RefreshPolicy = RefreshPolicy()) -> Bool {
    let status = displayStatus(at: now, policy: policy)
    return status == .expired || status == .revoked
  }

  /// The refresh token's end once it is within the reconnect warning window of a live grant
  /// (the account shows `expiring`: "reconnect before DATE"); nil otherwise.
  public func reconnectBefore(at now: Date, policy: RefreshPolicy = RefreshPolicy()) -> Date? {
    guard status == .active || status == .error, refreshExpiresAt > now,
      refreshExpiresAt.timeIntervalSince(now) <= policy.reconnectWarning
    else { return nil }
    return refreshExpiresAt
  }

  /// For an over-limit account whose grant is dead under the mark (it went over the limit
  /// `expired` or `revoked`, or its refresh token ended since): that status, which it shows
  /// again once chosen to stay active. Nil for every other account.
  public func statusUnderLimit(at now: Date) -> AccountStatus? {
    guard status == .overLimit else { return nil }
    switch OverLimitHold.leaving(held).status {
    case .revoked: return .revoked
    case .expired: return .expired
    case .active, .error, .overLimit: return refreshExpiresAt <= now ? .expired : nil
    }
  }

  /// When the next refresh is tried after failures; nil unless the account is in `error`.
  public var nextAttempt: Date? { status == .error ? nextAttemptAt : nil }

  /// ISO 8601 like `ISO8601DateFormatter`'s default, without making an ICU formatter on every
  /// frame of the detail pane (that cost more than the rest of the frame).
  private static let timestamp = Date.ISO8601FormatStyle()

  /// Why the account shows its badge, in a few words for the detail pane and `status`.
  public func statusExplanation(at now: Date, policy: RefreshPolicy = RefreshPolicy()) -> String {
    switch displayStatus(at: now, policy: policy) {
    case .active: return "token valid"
    case .refreshing: return "refreshing now"
    case .expiring:
      guard status == .error else {
        return "the grant ends in \(Format.countdown(from: now, to: refreshExpiresAt)): "
          + "reconnect before \(Self.timestamp.format(refreshExpiresAt))"
      }
      let access =
        accessExpiresAt <= now
        ? "the access token has expired"
        : "the access token runs out in \(Format.countdown(from: now, to: accessExpiresAt))"
      return "refresh failing and \(access); \(nextAttempt(at: now))"
    case .error:
      // The next attempt first: a narrow pane cuts the end of the line.
      return "\(nextAttempt(at: now)): " + (lastError ?? "refresh failed")
    case .expired: return statusReason ?? "refresh token expired; reconnect"
    case .revoked: return statusReason ?? "access was withdrawn on TikTok; reconnect"
    case .overLimit:
      guard let under = statusUnderLimit(at: now) else {
        return "over the tier's limit; upgrade or disconnect another account"
      }
      return "over the tier's limit, and \(under.rawValue) under it: reconnect once it is active"
    }
  }

  /// When the failing refresh is tried again: `next attempt in 1m 30s`.
  private func nextAttempt(at now: Date) -> String {
    guard let next = nextAttemptAt, next > now else { return "next attempt now" }
    return "next attempt in \(Format.countdown(from: now, to: next))"
  }

  /// The time column of a list (the UI's rows, `tractok accounts`): time left on the access
  /// token while the account can use it; nil when no token time applies (expired, revoked,
  /// over-limit), where a countdown would suggest the token still works.
  public func accessTimeLeft(at now: Date, policy: RefreshPolicy = RefreshPolicy()) -> String? {
    guard displayStatus(at: now, policy: policy).isUsable else { return nil }
    return Format.countdown(from: now, to: accessExpiresAt)
  }
}
