import Foundation

/// The account workflows (connect and its exchange, disconnect with the revoke and its retry
/// queue, sync with its one refresh-and-retry, QR login), over ports: the store, TikTok's
/// client and a clock. The CLI and the UI's effect runner call the same functions.
public struct AccountService: Sendable {
  /// Gives the TikTok client of this process (App starts the in-process sandbox on first use).
  public typealias ClientProvider = @Sendable () throws(DomainError) -> TikTokClient

  public let store: any AccountStore
  public let engine: RefreshEngine
  /// Announces what a workflow changed (a reconnect that recovered an account or lost scopes).
  public let events: EventAnnouncer
  /// The profile new accounts join.
  public let profile: String
  /// The scopes every authorization asks for.
  public let scopes: [String]
  private let client: ClientProvider
  private let clock: @Sendable () -> Date

  public init(
    store: any AccountStore, engine: RefreshEngine, events: EventAnnouncer, profile: String,
    scopes: [String],
    client: @escaping ClientProvider, clock: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.store = store
    self.engine = engine
    self.events = events
    self.profile = profile
    self.scopes = scopes
    self.client = client
    self.clock = clock
  }

  var now: Date { clock() }

  func tikTok() throws(DomainError) -> TikTokClient { try client() }

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
