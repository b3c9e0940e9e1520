import Foundation

/// The tier's slot rule, in one place for the UI, the CLI and the store's transactions.
///
/// Every connected account holds a slot, over-limit ones included, and at most the tier's limit
/// are active at once. A reconnect keeps the slot its account already holds.
public struct Slots: Equatable, Sendable {
  public let tier: Tier

  public init(_ tier: Tier) { self.tier = tier }

  /// Whether a new account may join a profile that holds `held` accounts.
  public func admitsNew(holding held: Int) -> Bool { held < tier.slotLimit }

  /// Whether `count` accounts may be active at once.
  public func allowsActive(_ count: Int) -> Bool { count <= tier.slotLimit }

  /// Whether a profile holding `held` accounts has more than may be active.
  public func isOver(holding held: Int) -> Bool { held > tier.slotLimit }

  /// Whether a connect may start before any browser opens: with a free slot, or when an account
  /// needs a reconnect (the user may be about to reconnect it, which takes no new slot; the
  /// connect transaction still refuses a new account in a full profile).
  public func mayStartConnect(_ accounts: [Account], at now: Date, policy: RefreshPolicy) -> Bool {
    admitsNew(holding: accounts.count)
      || accounts.contains { $0.needsReconnect(at: now, policy: policy) }
  }

  /// One account as the rebalancing sees it, in connection order.
  public struct Holder: Equatable, Sendable {
    public var openID: String
    public var isOverLimit: Bool

    public init(openID: String, isOverLimit: Bool) {
      self.openID = openID
      self.isOverLimit = isOverLimit
    }
  }

  /// The accounts that are active once the profile fits the tier, in connection order: when too
  /// many are active, the selected one and then the earliest connected stay; when slots are
  /// free, over-limit accounts take them, the selected one first, then in connection order.
  public func rebalanced(_ holders: [Holder], selected: String?) -> [String] {
    let active = holders.filter { !$0.isOverLimit }.map(\.openID)
    let limit = tier.slotLimit
    let keep: Set<String>
    if active.count > limit {
      keep = Set(Self.selectedFirst(active, selected).prefix(limit))
    } else {
      let waiting = holders.filter(\.isOverLimit).map(\.openID)
      keep = Set(active + Self.selectedFirst(waiting, selected).prefix(limit - active.count))
    }
    return holders.map(\.openID).filter(keep.contains)
  }

  private static func selectedFirst(_ openIDs: [String], _ selected: String?) -> [String] {
    openIDs.filter { $0 == selected } + openIDs.filter { $0 != selected }
  }
}
