import Domain
import Foundation

/// Deterministic accounts and states for tests, snapshots and benchmarks (B1, B7 use
/// `Fixtures.state(accounts: 10_000, ...)`).
public enum Fixtures {
  /// A fixed moment: 2025-01-15 12:00:00 UTC.
  public static let now = Date(timeIntervalSince1970: 1_736_942_400)

  private static let names = [
    "Alice Wonder", "Bob Builder", "Carla Cooks", "Dev 👨‍👩‍👧 Daily 🇫🇷", "Eve Explains",
    "Fitness Fran",
    "Gamer Greg", "山田太郎のチャンネル", "Hana 🌸 Travels", "Ivan Invests", "Julia Jokes",
    "Kofi Kitchen", "Lena Learns", "Max Makes", "Nora Nails", "Omar Outdoors",
  ]

  /// Account number `index`: varied names, statuses and token times around `now`.
  /// The app the fixture profile and its accounts use (a stored app, on the sandbox or not).
  public static let app = "brand-app"

  public static func account(_ index: Int, now: Date = now, profile: String = "default") -> Account
  {
    let name = names[index % names.count]
    let hour: TimeInterval = 3600
    var account = Account(
      openID: "open-\(String(index, radix: 16))-\(index % 7)", profile: profile,
      displayName: index < names.count ? name : "\(name) \(index)",
      username: "user_\(index)", bio: "Creator number \(index). Posting every day.",
      isVerified: index % 5 == 0,
      stats: AccountStats(
        followers: Int64(index) * 1_237 + 15, following: Int64(index % 900),
        likes: Int64(index) * 98_765 + 3, videos: Int64(index % 400)),
      grantedScopes: Scope.defaults, status: .active,
      accessExpiresAt: now.addingTimeInterval(Double(index % 24 + 1) * hour - 60),
      accessLifetime: 24 * hour, refreshExpiresAt: now.addingTimeInterval(300 * 86400),
      lastRefreshAt: now.addingTimeInterval(-2 * hour),
      connectedAt: now.addingTimeInterval(-86400 * 30),
      app: AppGrant(name: app, clientKey: "aw7nk86b7czitwc9"),
      unionID: "union-\(String(index, radix: 16))")
    switch index % 11 {
    case 3:
      account.status = .error
      account.lastError = "TikTok said internal_error (log_id 20250115120000ABCDEF)"
      account.lastLogID = "20250115120000ABCDEF"
      account.nextAttemptAt = now.addingTimeInterval(90)
    case 6:
      account.status = .expired
      account.statusReason = "TikTok refused the refresh token (invalid_grant); reconnect"
      account.accessExpiresAt = now.addingTimeInterval(-hour)
    case 9: account.refreshExpiresAt = now.addingTimeInterval(5 * 86400)
    default: break
    }
    return account
  }

  /// A profile snapshot with `count` accounts, the first one current.
  public static func snapshot(
    accounts count: Int, now: Date = now, tier: Tier = .agency, isSandbox: Bool = false
  ) -> AccountsSnapshot {
    let accounts = (0..<count).map { account($0, now: now) }
    return AccountsSnapshot(
      profile: "default", tier: tier, accounts: accounts, selectedOpenID: accounts.first?.openID,
      app: app, isSandbox: isSandbox)
  }

  /// A few videos for the detail pane.
  public static func videos(now: Date = now, count: Int = 8, hasMore: Bool = true) -> VideoPage {
    let titles = [
      "Morning routine in 60 seconds", "我的一天 vlog", "Five pasta sauces you need", "Q&A 🎉",
      "Behind the scenes", "Trying the viral recipe", "Desk setup tour 2025", "Answering comments",
    ]
    let videos = (0..<count).map { index -> Video in
      let age = Double(index + 1) * 2 * 86400
      let scale = Int64(index + 1)
      return Video(
        id: "video-\(index)", title: titles[index % titles.count],
        createdAt: now.addingTimeInterval(-age), views: scale * 12_345, likes: scale * 987)
    }
    return VideoPage(videos: videos, cursor: hasMore ? 1_736_000_000_000 : nil, hasMore: hasMore)
  }

  /// A loaded UI with `count` accounts at `size`, the cursor on the first account and its
  /// videos shown; no dialog open (the over-limit chooser counts as already offered).
  public static func state(
    accounts count: Int, now: Date = now, size: ScreenSize = ScreenSize(width: 200, height: 50),
    tier: Tier = .agency
  ) -> AppState {
    var state = AppState(
      profile: "default", tier: tier, now: now, timeZone: TimeZone(identifier: "UTC") ?? .current,
      size: size)
    state.overLimitOffered = true
    state.lastExternalCheck = now
    _ = update(&state, .accountsLoaded(snapshot(accounts: count, now: now, tier: tier)))
    if let openID = state.detail.openID, state.detail.request != nil {
      _ = update(
        &state,
        .videosLoaded(openID: openID, cursor: nil, VideoPageReport(.success(videos(now: now)))))
    }
    return state
  }
}
