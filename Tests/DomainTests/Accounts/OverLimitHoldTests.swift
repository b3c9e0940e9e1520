import Domain
import Testing

@Suite("What over-limit keeps of an account's status")
struct OverLimitHoldTests {
  @Test(
    "going over the limit remembers the status and reason, unless the account already is over it",
    arguments: [
      (StoredStatus.active, nil as String?, true), (.error, "TikTok said internal_error", true),
      (.expired, "TikTok said invalid_grant", true), (.revoked, "revoked on TikTok", true),
      (.overLimit, "over the tier limit", false),
    ])
  func entering(status: StoredStatus, reason: String?, remembered: Bool) {
    let held = OverLimitHold.entering(status: status, reason: reason)
    #expect(held == (remembered ? OverLimitHold(status: status, reason: reason) : nil))
  }

  @Test(
    "coming back restores a dead grant with its reason and makes anything else active",
    arguments: [
      (StoredStatus.expired, "TikTok said invalid_grant" as String?, StoredStatus.expired),
      (.revoked, "revoked on TikTok", .revoked), (.error, "TikTok said internal_error", .active),
      (.active, nil, .active),
    ])
  func leaving(held: StoredStatus, reason: String?, back: StoredStatus) {
    let restored = OverLimitHold.leaving(OverLimitHold(status: held, reason: reason))
    #expect(restored.status == back)
    #expect(restored.reason == (back == .active ? nil : reason))
  }

  @Test("an account marked before holds were kept comes back active")
  func nothingRemembered() {
    #expect(OverLimitHold.leaving(nil) == OverLimitHold(status: .active, reason: nil))
  }
}
