import Domain
import Foundation

/// How a status badge looks on screen: its words (Domain's) in the status's style.
public enum Badge {
  /// The badge's style (its colour where colours are on).
  public static func style(_ status: AccountStatus) -> Style {
    switch status {
    case .active: .badgeActive
    case .refreshing: .badgeRefreshing
    case .expiring: .badgeExpiring
    case .error: .badgeError
    case .expired: .badgeExpired
    case .revoked: .badgeRevoked
    case .overLimit: .badgeOverLimit
    }
  }

  /// `✓ active`, padded to `width` columns when given.
  public static func text(_ status: AccountStatus, width: Int = 0) -> String {
    let text = status.badge
    let pad = width - text.count
    return pad > 0 ? text + String(repeating: " ", count: pad) : text
  }

  /// Columns of the widest badge text (`⊖ over-limit`).
  public static let width = 12
}

/// The spinner shown while work runs; its frame comes from the clock in the state.
enum Spinner {
  private static let frames: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

  static func frame(at date: Date) -> Character {
    let tenths = Int(Format.seconds(date.timeIntervalSince1970 * 10))
    return frames[((tenths % frames.count) + frames.count) % frames.count]
  }
}
