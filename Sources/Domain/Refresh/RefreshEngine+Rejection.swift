import Foundation

extension RefreshEngine {
  /// TikTok refused tokens of `generation` on an API call even after a refresh: the grant is
  /// dead. The account is marked `expired` the way a refresh's `invalid_grant` marks it (and
  /// its events announced), unless newer tokens were stored meanwhile. Returns the error to
  /// report.
  public func accessTokenRejected(_ openID: String, generation: Int64, error: DomainError)
    -> DomainError
  {
    let owner = "\(self.owner)/\(RandomToken.urlSafe(byteCount: 6))"
    let outcome = failGrant(
      openID, owner: owner, generation: generation, error: error, reason: error.message,
      status: .expired, now: clock())
    observe(openID)
    if case .failure(let reported) = outcome { return reported }
    return error
  }
}
