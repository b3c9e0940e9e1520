import Domain
import Foundation

/// How a status badge looks: glyph, word and style, so it reads without colour.
public enum Badge {
  /// One-column glyphs of neutral East Asian width, so they keep one column in every locale.
  public static func glyph(_ status: AccountStatus) -> Character {
    switch status {
    case .active: "✓"
    case .refreshing: "↻"
    case .expiring: "⧗"
    case .error: "✗"
    case .expired: "⊘"
    case .revoked: "⊗"
    case .overLimit: "⊖"
    }
  }

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
    let text = "\(glyph(status)) \(status.rawValue)"
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
