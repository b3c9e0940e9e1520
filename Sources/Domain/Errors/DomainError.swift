import Foundation

/// Every failure that crosses a layer, as `Equatable` data (messages, tests and the UI use it).
public enum DomainError: Error, Equatable, Sendable {
  /// TikTok answered with an error.
  case tikTok(TikTokError)
  /// The request never got a usable answer (connection refused, reset, DNS, TLS).
  case network(String)
  /// A call did not finish within its deadline.
  case timedOut(String)
  /// TikTok's answer could not be understood (malformed JSON, wrong types, absurd numbers).
  case malformedResponse(String)
  /// TikTok or tractok asks to wait until the given time.
  case rateLimited(until: Date)
  /// The local database failed.
  case storage(String)
  /// The encryption key does not open the stored tokens or is unusable.
  case key(String)
  /// The profile has no free slot.
  case slotsFull(tier: Tier)
  /// The account is already connected in another profile.
  case connectedInOtherProfile(profile: String)
  /// The account has no usable grant; the user must connect it again.
  case needsReconnect(account: String, reason: String)
  /// The account is over the tier's limit and gives no token.
  case overLimit(account: String)
  /// Another process may have sent the account's refresh token and has not stored the answer;
  /// the token is not sent again while that process exists.
  case refreshInFlight(account: String, pid: Int32, stopped: Bool)
  /// The callback or pasted URL was refused.
  case invalidCallback(String)
  /// The user refused on TikTok's page (or TikTok reported an authorization error).
  case authorizationDenied(code: String, description: String)
  /// No account matches what the user typed.
  case noSuchAccount(String)
  /// Several accounts match what the user typed.
  case ambiguousAccount(String, matches: [String])
  /// The work was cancelled by the user.
  case cancelled
  /// Anything else, with a message for the user.
  case failed(String)

  /// One sentence for the user, never containing a secret.
  public var message: String { message(reconnect: "run `tractok connect`") }

  /// The sentence with `reconnect` saying how to connect an account again: the CLI's command,
  /// or the key the UI offers.
  public func message(reconnect: String) -> String {
    switch self {
    case .tikTok(let error):
      let log = error.logID.map { " (log_id \($0))" } ?? ""
      let detail = error.message.isEmpty ? "" : ": \(error.message)"
      return "TikTok said \(error.code)\(detail)\(log)"
    case .network(let detail): return "could not reach TikTok: \(detail)"
    case .timedOut(let what): return "\(what) timed out"
    case .malformedResponse(let detail): return "TikTok's answer was not understood: \(detail)"
    case .rateLimited(let until):
      return "TikTok asked to wait until \(ISO8601DateFormatter().string(from: until))"
    case .storage(let detail): return "database error: \(detail)"
    case .key(let detail): return detail
    case .slotsFull(let tier):
      let upgrade = tier.next.map { " Upgrade with `tractok tier set \($0.rawValue)`." } ?? ""
      let slots =
        tier.slotLimit == 1
        ? "the 1 slot of the \(tier.rawValue) tier is"
        : "all \(tier.slotLimit) slots of the \(tier.rawValue) tier are"
      return "\(slots) in use.\(upgrade)"
    case .connectedInOtherProfile(let profile):
      return
        "this account is already connected in profile \"\(profile)\"; disconnect it there first"
    case .needsReconnect(let account, let reason):
      return "\(account) needs to be connected again (\(reason)); \(reconnect)"
    case .overLimit(let account):
      return "\(account) is over the tier's limit; upgrade or disconnect another account"
    case .refreshInFlight(let account, let pid, let stopped):
      let state = stopped ? ", which is stopped," : ""
      let action = stopped ? "resume it (`kill -CONT \(pid)`)" : "let it finish"
      return "process \(pid)\(state) is refreshing \(account) and has not stored TikTok's answer; "
        + "its refresh token is not sent again while that process exists: \(action) or end it, "
        + "then try again"
    case .invalidCallback(let detail): return "callback refused: \(detail)"
    case .authorizationDenied(let code, let description):
      return description.isEmpty
        ? "authorization failed: \(code)" : "authorization failed: \(code): \(description)"
    case .noSuchAccount(let query): return "no account matches \"\(UntrustedText.sanitize(query))\""
    case .ambiguousAccount(let query, let matches):
      return
        "\"\(UntrustedText.sanitize(query))\" matches several accounts: \(matches.joined(separator: ", "))"
    case .cancelled: return "cancelled"
    case .failed(let detail): return detail
    }
  }

  /// TikTok's `log_id` for this failure, when TikTok gave one (kept for the details pane).
  public var logID: String? {
    if case .tikTok(let tikTok) = self { return tikTok.logID }
    return nil
  }

  /// Whether trying again later may help: network failures, timeouts, rate limits, TikTok's
  /// 5xx and server errors, and a refresh another process has in flight. The one rule every
  /// retry (in-process, backoff, queued revocations) follows.
  public var isTransient: Bool {
    switch self {
    case .network, .timedOut, .rateLimited, .refreshInFlight: true
    case .tikTok(let tikTok): tikTok.isTransient
    default: false
    }
  }
}
