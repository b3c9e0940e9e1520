import Foundation

/// The account workflows (connect and its exchange, disconnect with the revoke and its retry
/// queue, sync with its one refresh-and-retry, QR login), over ports: the store, TikTok's
/// client and a clock. The CLI and the UI's effect runner call the same functions.
public struct AccountService: Sendable {
  public let store: any AccountStore
  public let engine: RefreshEngine
  /// Announces what a workflow changed (a reconnect that recovered an account or lost scopes).
  public let events: EventAnnouncer
  /// The profile new accounts join.
  public let profile: String
  /// The profile's app (connects) and each account's app (everything else).
  public let apps: any AppClients
  private let clock: @Sendable () -> Date

  public init(
    store: any AccountStore, engine: RefreshEngine, events: EventAnnouncer, profile: String,
    apps: any AppClients, clock: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.store = store
    self.engine = engine
    self.events = events
    self.profile = profile
    self.apps = apps
    self.clock = clock
  }

  var now: Date { clock() }

  /// The client of the app `openID`'s account was granted through.
  func tikTok(for openID: String) throws(DomainError) -> TikTokClient {
    guard let account = try store.account(openID) else { throw .noSuchAccount(openID) }
    return try apps.client(for: account.app)
  }

  /// Refuses before any browser opens or QR code is drawn when the profile has no room (Domain's
  /// slot rule); returns the profile's settings.
  public func checkCanConnect() throws(DomainError) -> ProfileRecord {
    let record = try store.profile(profile)
    let accounts = try store.accounts(profile: profile)
    guard Slots(record.tier).mayStartConnect(accounts, at: now, policy: engine.policy) else {
      throw .slotsFull(tier: record.tier)
    }
    return record
  }

  /// Runs `body`, turning a thrown `DomainError` into a failed result.
  static func result<T>(_ body: () async throws(DomainError) -> T) async -> Result<T, DomainError> {
    do {
      return .success(try await body())
    } catch {
      return .failure(error)
    }
  }
}
