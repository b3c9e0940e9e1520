/// A profile's plan: how many accounts it may keep active at once.
public enum Tier: String, CaseIterable, Sendable, Equatable {
  case free
  case pro
  case agency

  /// The number of account slots the tier grants.
  public var slotLimit: Int {
    switch self {
    case .free: 1
    case .pro: 5
    case .agency: 25
    }
  }

  /// The smallest tier with room for `count` accounts, or nil when none has.
  public static func smallest(fitting count: Int) -> Tier? {
    allCases.first { $0.slotLimit >= count }
  }

  /// The tier that comes after this one, if any, for upgrade hints.
  public var next: Tier? {
    switch self {
    case .free: .pro
    case .pro: .agency
    case .agency: nil
    }
  }
}
