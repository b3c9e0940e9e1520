import Domain

/// The top bar: profile, its app, tier and slots, the current account with its badge, and
/// `SANDBOX`.
enum HeaderBar {
  static func render(_ state: AppState, _ area: Rect, into buffer: inout CellBuffer) {
    buffer.fill(area, style: .headerBar)
    var right = area.maxX
    if state.isSandbox {
      let badge = " SANDBOX "
      right -= badge.count + 1
      buffer.write(badge, at: Point(x: right, y: area.y), style: .sandbox, clip: area)
    }
    let clip = Rect(x: area.x, y: area.y, width: max(0, right - area.x - 1), height: 1)
    let count = state.accounts.total
    let slots = "\(count) of \(state.tier.slotLimit) slots"
    var x = buffer.write(
      " tractok ", at: Point(x: area.x, y: area.y), style: .headerStrong, clip: clip)
    x = buffer.write(
      "│ \(state.profile) · app \(state.app) · \(state.tier.rawValue) · \(slots) │ ",
      at: Point(x: x, y: area.y),
      style: .headerBar, clip: clip, ellipsis: true)
    guard let current = state.accounts.selectedAccount else {
      let text = count == 0 ? "no account connected" : "no current account (Enter selects one)"
      buffer.write(text, at: Point(x: x, y: area.y), style: .headerBar, clip: clip, ellipsis: true)
      return
    }
    if !current.displayName.isEmpty {
      x = buffer.write(
        "\(current.displayName) ", at: Point(x: x, y: area.y), style: .headerStrong, clip: clip,
        ellipsis: true)
    }
    x = buffer.write(
      "\(current.handle) ", at: Point(x: x, y: area.y), style: .headerBar, clip: clip,
      ellipsis: true)
    buffer.write(
      Badge.text(state.badge(for: current)), at: Point(x: x, y: area.y), style: .headerBar,
      clip: clip, ellipsis: true)
  }
}
