import Domain

extension UpgradeDialog {
  static func render(
    _ dialog: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer
  ) {
    let inner = buffer.box(layout.dialog(width: 70, height: 10), title: "No free slot", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard !area.isEmpty else { return }
    let tier = dialog.tier
    var y = buffer.writeWrapped(
      "The \(tier.rawValue) tier has \(Format.count(tier.slotLimit, "slot")) and all are in use.",
      y: area.y + 1, in: area,
      style: .strong, maxLines: 2)
    if let next = tier.next {
      y = buffer.writeWrapped(
        "Run `tractok tier set \(next.rawValue)` for \(Format.count(next.slotLimit, "slot")), "
          + "or press u to upgrade now.",
        y: y, in: area, style: .plain, maxLines: 2)
    } else {
      y = buffer.writeWrapped(
        "The \(tier.rawValue) tier is the largest: disconnect an account to free a slot.", y: y,
        in: area,
        style: .plain, maxLines: 2)
    }
    // The question takes the place of the reconnect hint, so it shows on short screens too.
    if dialog.phase == .confirm, let next = tier.next {
      buffer.writeWrapped(
        "Move profile \(state.profile) to the \(next.rawValue) tier "
          + "(\(Format.count(next.slotLimit, "slot")))? y upgrades · n keeps \(tier.rawValue)",
        y: y + 1, in: area, style: .warningText, maxLines: 2)
      return
    }
    y = buffer.writeWrapped(
      "Reconnecting an account you already have uses no new slot: press c to go on.", y: y + 1,
      in: area, style: .dim, maxLines: 2)
    switch dialog.phase {
    case .prompt, .confirm: break
    case .working:
      buffer.write(
        "\(Spinner.frame(at: state.now)) Changing the tier…", at: Point(x: area.x, y: y + 1),
        style: .plain, clip: area)
    case .failed(let error):
      buffer.writeWrapped(
        "Could not change the tier: \(error.message)", y: y + 1, in: area, style: .errorText,
        maxLines: 2)
    }
  }
}
