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
        home: configuration.home, environmentKey: configuration.encryptionKey)
    else { return nil }
    // The current account is read once, with its token (B4); any other case, and a selection
    // that is not in this profile, takes `accountOrSelected`'s way or the engine's.
    let openID: String
    if query == nil, environmentAccount == nil,
      let selected = try? store.profile(profile).selectedOpenID
    {
      openID = selected
    } else if let account = try? accountOrSelected(query, in: store) {
      openID = account.openID
    } else {
      return nil
    }
    guard
      let valid = store.freshAccessToken(
        openID, policy: configuration.refreshPolicy, minimumValidity: minimumValidity,
        now: Date()),
      valid.account.profile == profile
    else { return nil }
    return valid
  }
}
