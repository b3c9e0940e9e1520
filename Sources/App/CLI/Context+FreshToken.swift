import Domain
import Foundation
import Storage

extension Context {
  /// The account's stored access token when it can be handed out as it is, read through a
  /// read-only database connection: no write lock, no key lock, no network client. Nil sends
  /// the caller to the refresh engine, which also explains every failure.
  func freshToken(_ query: String?, minimumValidity: TimeInterval) -> RefreshEngine.ValidToken? {
    guard
      let store = Store.openForReading(
        home: configuration.home, environmentKey: configuration.encryptionKey),
      let account = try? accountOrSelected(query, in: store)
    else { return nil }
    return store.freshAccessToken(
      account.openID, policy: configuration.refreshPolicy, minimumValidity: minimumValidity,
      now: Date())
  }
}
