import Domain

/// The glyph that goes with each status word (never colour alone).
enum Badge {
  static func glyph(_ status: AccountStatus) -> String {
    switch status {
    case .active: "●"
    case .refreshing: "↻"
    case .expiring: "▲"
    case .error: "✗"
    case .expired: "⊘"
    case .revoked: "⊗"
    case .overLimit: "◌"
    }
  }
}
