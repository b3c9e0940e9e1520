import Domain

extension DisconnectDialog {
  static func render(
    _ dialog: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer
  ) {
    let inner = buffer.box(layout.dialog(width: 66, height: 9), title: "Disconnect", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard !area.isEmpty else { return }
    var y = area.y + 1
    switch dialog.phase {
    case .confirm:
      y = buffer.writeWrapped(
        "Disconnect \(dialog.label)?", y: y, in: area, style: .strong, maxLines: 2)
      y = buffer.writeWrapped(
        "tractok revokes its access at TikTok and deletes the tokens here; the slot becomes free.",
        y: y, in: area, style: .plain, maxLines: 3)
      buffer.write(
        "y disconnects · n keeps it", at: Point(x: area.x, y: y + 1), style: .dim, clip: area)
    case .working:
      buffer.write(
        "\(Spinner.frame(at: state.now)) Disconnecting \(dialog.label)…",
        at: Point(x: area.x, y: y), style: .plain, clip: area, ellipsis: true)
    case .done(.success(let report)):
      y = buffer.writeWrapped(
        "Disconnected \(dialog.label).", y: y, in: area, style: .successText, maxLines: 2)
      y = buffer.writeWrapped(
        report.summary, y: y, in: area,
        style: report.revoked || report.alreadyRevoked ? .plain : .warningText,
        maxLines: 3)
      buffer.write("Enter closes", at: Point(x: area.x, y: y + 1), style: .dim, clip: area)
    case .done(.failure(let error)):
      y = buffer.writeWrapped(
        "Could not disconnect \(dialog.label): \(error.message)", y: y, in: area, style: .errorText,
        maxLines: 4)
      buffer.write("Enter closes", at: Point(x: area.x, y: y + 1), style: .dim, clip: area)
    }
  }
}
