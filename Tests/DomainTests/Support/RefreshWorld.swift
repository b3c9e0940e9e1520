import Domain
import Foundation
import Storage
import TestSupport

/// A real database in a temporary home with accounts connected at `start`, and engines on it
/// that run in virtual time, for refresh tests.
struct RefreshWorld {
  static let start = Date(timeIntervalSince1970: 1_900_000_000)
  /// The app every account is granted through; holds are recorded for its key.
  static let app = AppGrant(name: "brand-a", clientKey: "key-a")
  let directory = TemporaryDirectory()
  let store: Store

  init() throws {
    store = try Store.open(home: directory.file("home"), environmentKey: nil)
    try store.setTier(.agency, profile: "default", now: Date())
  }

  /// Connects an account whose access token has `remaining` seconds left at `start`.
  func connect(
    _ openID: String, remaining: TimeInterval, refreshRemaining: TimeInterval = 86400 * 200
  ) throws {
    _ = try store.saveConnection(
      NewConnection(
        profile: UserProfile(openID: openID, displayName: openID, username: openID),
        grantedScopes: Scope.defaults, declinedScopes: [],
        tokens: TokenSet(
          accessToken: Secret("act.old-\(openID)!1"), refreshToken: Secret("rft.old-\(openID)!1"),
          accessExpiresAt: Self.start.addingTimeInterval(remaining), accessLifetime: 7200,
          refreshExpiresAt: Self.start.addingTimeInterval(refreshRemaining)),
        app: Self.app),
      profile: "default", now: Self.start)
  }

  /// The pair TikTok's `number`th refresh answer gives.
  static func rotated(_ number: Int, refresh: Bool = true, openID: String? = nil) -> RotatedTokens {
    RotatedTokens(
      accessToken: Secret("act.new\(number)!1"),
      refreshToken: refresh ? Secret("rft.new\(number)!1") : nil,
      accessLifetime: 7200, refreshLifetime: 86400 * 100, grantedScopes: nil, openID: openID)
  }

  /// An engine as process `processes.current` whose time is `clock`: waits move the clock and
  /// return at once. Lease renewals (every 10 s) never come due, since every call here answers
  /// at once; they only end when the call does.
  func engine(
    _ refresher: ScriptedRefresher, clock: TestClock, processes: ScriptedProcesses
  ) -> RefreshEngine {
    let policy = RefreshPolicy()
    return RefreshEngine(
      store: store, policy: policy, refresher: refresher.call,
      backoff: { attempt in Double(attempt) * 60 }, jitter: { 1 }, processes: processes,
      clock: { clock.now() },
      pause: { seconds in
        guard seconds != policy.leaseDuration / 3 else {
          while !Task.isCancelled { try? await Task.sleep(nanoseconds: 1_000_000) }
          return
        }
        try? await clock.sleep(for: seconds)
      })
  }

  /// Plays another process: takes the lease as `owner`, which records its attempt in flight
  /// as right before its request leaves. Returns the tokens it sends.
  func sendAsOtherProcess(_ openID: String, owner: String, processes: ScriptedProcesses, at now: Date)
    throws -> LeasedTokens?
  {
    let start = try store.beginRefresh(
      openID, owner: owner, now: now, policy: RefreshPolicy(), minimumValidity: 0, force: true,
      processes: processes, deadline: now.addingTimeInterval(20))
    guard case .leased(let tokens, _) = start else { return nil }
    return tokens
  }
}
