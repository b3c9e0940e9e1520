import Foundation

/// Something the person behind an account should hear about (`TRACTOK_NOTIFY_CMD`, with
/// `TRACTOK_EVENT` set to `name`).
public enum AccountEvent: Equatable, Sendable {
  /// The refresh token ends within `stage` days (14, 3 or 1): reconnect before `reconnectBefore`.
  case expiring(stage: Int, reconnectBefore: Date)
  /// The grant is dead (expired or revoked): only a reconnect helps.
  case needsReconnect(reason: String)
  /// An account that was dead is usable again, or one that was failing or running out is
  /// healthy again.
  case recovered
  /// A refresh or reconnect granted fewer scopes than before.
  case scopeLost([String])

  /// `TRACTOK_EVENT`'s value.
  public var name: String {
    switch self {
    case .expiring: "expiring"
    case .needsReconnect: "needs-reconnect"
    case .recovered: "recovered"
    case .scopeLost: "scope-lost"
    }
  }
}

/// What was last announced about an account, as stored with it: each event fires once per
/// transition, whichever process notices it first.
public struct AnnouncedState: Equatable, Sendable {
  /// How an account fares, coarsely: the transitions between these are events.
  public enum Health: String, Equatable, Sendable {
    /// Usable, nothing to do.
    case healthy
    /// Usable for now: refreshes failing, or the refresh token close to its end.
    case troubled
    /// Needs a reconnect.
    case dead
  }

  public var health: Health
  /// The deepest `expiring` stage announced for the current refresh token (nil: none).
  public var expiringStage: Int?
  /// The scopes granted when last looked at.
  public var scopes: [String]

  public init(health: Health, expiringStage: Int?, scopes: [String]) {
    self.health = health
    self.expiringStage = expiringStage
    self.scopes = scopes
  }

  /// Days before the refresh token's end at which `expiring` is announced, once each.
  public static let expiringStages = [14, 3, 1]

  /// The state to record for `account` at `now`, and the events that lead to it from what was
  /// announced (nil: nothing yet, as for an account connected before events existed, which
  /// counts as healthy with its current scopes). Over-limit accounts keep their health: the
  /// limit is the tier's doing, not the grant's.
  public static func transition(
    from announced: AnnouncedState?, to account: Account, at now: Date,
    policy: RefreshPolicy = RefreshPolicy()
  ) -> (events: [AccountEvent], state: AnnouncedState) {
    let before =
      announced ?? AnnouncedState(health: .healthy, expiringStage: nil, scopes: account.grantedScopes)
    let status = account.displayStatus(at: now, policy: policy)
    let health: Health
    switch status {
    case .active, .refreshing: health = .healthy
    case .error, .expiring: health = .troubled
    case .expired, .revoked: health = .dead
    case .overLimit: health = before.health
    }
    var events: [AccountEvent] = []
    let lost = before.scopes.filter { !account.grantedScopes.contains($0) }
    if !lost.isEmpty { events.append(.scopeLost(lost)) }
    if health == .dead && before.health != .dead {
      events.append(
        .needsReconnect(reason: account.statusReason ?? account.lastError ?? status.rawValue))
    }
    // Usable again: a dead grant reconnected (even one whose new token is short-lived), or
    // failing refreshes or a short refresh token behind it.
    let revived = before.health == .dead && health != .dead
    if revived || (before.health == .troubled && health == .healthy) {
      events.append(.recovered)
    }
    // Dead and over-limit accounts are not warned: only a reconnect or an upgrade helps them,
    // and they keep the stage reached, which a new refresh token resets.
    let warned = health != .dead && status != .overLimit
    let stage = warned ? expiringStage(refreshEndsAt: account.refreshExpiresAt, at: now) : nil
    // A reconnect brings a new refresh token, whose stages are announced afresh.
    let reached = before.health == .dead && health != .dead ? nil : before.expiringStage
    if let stage, stage < (reached ?? Int.max) {
      events.append(.expiring(stage: stage, reconnectBefore: account.refreshExpiresAt))
    }
    let recordedStage = warned ? stage : before.expiringStage
    return (events, AnnouncedState(health: health, expiringStage: recordedStage, scopes: account.grantedScopes))
  }

  /// The deepest stage reached with the refresh token ending at `end`; nil when more than the
  /// first stage's days are left.
  static func expiringStage(refreshEndsAt end: Date, at now: Date) -> Int? {
    let left = end.timeIntervalSince(now)
    return expiringStages.filter { left <= TimeInterval($0) * 86_400 }.min()
  }
}
