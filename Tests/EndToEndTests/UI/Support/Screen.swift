/// Pieces of a captured tmux screen.
enum Screen {
  /// The rows of a screen.
  static func rows(_ screen: String) -> [String] {
    screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The first row (the header bar).
  static func header(_ screen: String) -> String { rows(screen).first ?? "" }
}
