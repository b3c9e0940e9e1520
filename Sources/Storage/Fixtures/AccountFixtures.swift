import Domain
import Foundation

/// Builds realistic connected accounts through the real connect transaction, for tests and
/// benchmarks (`scripts/bench` uses 1,000 and 10,000). Deterministic for a given seed.
public enum AccountFixtures {
  private static let firstNames = [
    "Maya", "Leo", "Aiko", "Sofía", "Noah", "Zanele", "Priya", "Lukas", "Chloé", "Kwame", "Mei",
    "Oscar", "Yara", "Tomás", "Ingrid", "Ravi", "Amara", "Jonas", "Hana", "Diego",
  ]
  private static let topics = [
    "cooks", "travels", "lifts", "paints", "codes", "dances", "films", "garden", "reads", "bakes",
    "skates", "sings", "builds", "hikes", "styles",
  ]
  private static let bios = [
    "Recipes in under 60 seconds 🍜", "Weekend trips on a budget ✈️", "東京カフェ巡り ☕",
    "Small studio, big ideas 🎨", "Daily coding tips 👩‍💻", "Dancer · choreographer · Berlin",
    "", "Plants, soil and patience 🌱", "Book reviews, no spoilers 📚",
  ]

  /// Inserts `count` accounts into `profile` (tier limits do not apply to fixtures) in one
  /// transaction and returns them. Access tokens expire spread over the next hours; a few are
  /// close to due, in error, expired or near the end of their refresh token.
  @discardableResult
  public static func populate(
    _ store: Store, profile: String, count: Int, now: Date = Date(), seed: UInt64 = 42
  ) throws(DomainError) -> [Account] {
    try insert(
      connections(count: count, now: now, seed: seed), into: store, profile: profile, now: now,
      degrade: true)
  }

  /// The `count` accounts `populate` inserts, not yet stored: a harness can give each tokens
  /// issued for that very account (`scripts/bench` B5 and B6 get them from a sandbox that
  /// knows the fixtures' open_ids) and then insert them healthy with `populate(connections:)`.
  public static func connections(count: Int, now: Date = Date(), seed: UInt64 = 42)
    -> [NewConnection]
  {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { connection($0, now: now, random: &random) }
  }

  /// Inserts `connections` as they are, every account healthy.
  @discardableResult
  public static func populate(
    _ store: Store, profile: String, connections: [NewConnection], now: Date = Date()
  ) throws(DomainError) -> [Account] {
    try insert(connections, into: store, profile: profile, now: now, degrade: false)
  }

  /// Writes all accounts in one transaction.
  private static func insert(
    _ connections: [NewConnection], into store: Store, profile: String, now: Date, degrade: Bool
  ) throws(DomainError) -> [Account] {
    try store.keyedWrite { connection, sealer in
      var accounts: [Account] = []
      for (index, new) in connections.enumerated() {
        let result = try Store.applyConnection(
          new, sealed: Store.seal(new.tokens, openID: new.openID, sealer), profile: profile,
          now: now, enforcesSlots: false, connection)
        accounts.append(
          degrade
            ? try Self.degrade(result.account, index: index, now: now, connection)
            : result.account)
      }
      return accounts
    }
  }

  /// One realistic account; the open_id is derived from the index so runs are repeatable.
  static func connection(_ index: Int, now: Date, random: inout SplitMix64) -> NewConnection {
    let first = firstNames[index % firstNames.count]
    let topic = topics[(index / firstNames.count) % topics.count]
    let followers = Int64(random.next() % 5_000_000)
    let lifetime: TimeInterval = 86400
    let remaining = TimeInterval(600 + random.next() % 86_000)
    let openID = String(
      format: "fx-%08x-%04x-4%03x", index, Int(random.next() % 0xFFFF), index % 0xFFF)
    return NewConnection(
      profile: UserProfile(
        openID: openID, displayName: "\(first) \(topic.capitalized) \(index)",
        username: "\(first.lowercased())\(topic)\(index)",
        bio: bios[index % bios.count], isVerified: index % 7 == 0,
        stats: AccountStats(
          followers: followers, following: Int64(random.next() % 2000),
          likes: followers * Int64(1 + random.next() % 40), videos: Int64(random.next() % 400))),
      grantedScopes: Scope.defaults, declinedScopes: [],
      tokens: TokenSet(
        accessToken: Secret("act.fixture\(index)!\(random.next() % 10000)"),
        refreshToken: Secret("rft.fixture\(index)!\(random.next() % 10000)"),
        accessExpiresAt: now.addingTimeInterval(remaining), accessLifetime: lifetime,
        refreshExpiresAt: now.addingTimeInterval(index % 23 == 0 ? 5 * 86400 : 300 * 86400)),
      // The default app, whichever it is where the fixtures are used.
      app: .unrecorded)
  }

  /// Gives every 17th account an error and every 31st an expired grant, like a real workspace.
  private static func degrade(_ account: Account, index: Int, now: Date, _ connection: Connection)
    throws -> Account
  {
    guard index % 17 == 5 || index % 31 == 7 else { return account }
    let expired = index % 31 == 7
    try connection.run(
      """
      UPDATE accounts SET status = ?, status_reason = ?, last_error = ?, last_log_id = ?,
        next_attempt_at = ? WHERE open_id = ?
      """,
      [
        .text(expired ? "expired" : "error"),
        .optional(expired ? "TikTok said invalid_grant; reconnect" : nil),
        .text(expired ? "invalid_grant" : "TikTok said internal_error"),
        .text("20261122093000FIXTURE\(index)"),
        .date(expired ? nil : now.addingTimeInterval(120)), .text(account.openID),
      ])
    return try Store.account(account.openID, connection) ?? account
  }
}

/// A small deterministic generator (SplitMix64) so fixtures repeat exactly.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
