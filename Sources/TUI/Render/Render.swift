import Domain

/// The pure render: draws `state` into `buffer` (resized to the state's screen size). Each pane
/// draws its own area; the overlay goes last, on top.
public func render(_ state: AppState, into buffer: inout CellBuffer) {
  buffer.reset(to: state.size)
  let layout = state.layout
  if layout.isTooSmall {
    renderTooSmall(state.size, into: &buffer)
    return
  }
  HeaderBar.render(state, layout.header, into: &buffer)
  switch state.load {
  case .loading:
    buffer.writeCentered(
      "Loading accounts…", y: layout.body.y + layout.body.height / 2, in: layout.body, style: .dim)
  case .failed(let error):
    renderLoadFailure(error, layout.body, into: &buffer)
  case .ready where state.accounts.accounts.isEmpty:
    renderEmptyState(state, layout.body, into: &buffer)
  case .ready:
    AccountsPane.render(state, layout.list, into: &buffer)
    DetailPane.render(state, layout.detail, into: &buffer)
  }
  FooterBar.renderStatus(state, layout.status, into: &buffer)
  FooterBar.render(state, layout.footer, into: &buffer)
  switch state.overlay {
  case .none: break
  case .switcher(let dialog): SwitcherDialog.render(dialog, state, layout, into: &buffer)
  case .connect(let dialog): ConnectDialog.render(dialog, state, layout, into: &buffer)
  case .disconnect(let dialog): DisconnectDialog.render(dialog, state, layout, into: &buffer)
  case .upgrade(let dialog): UpgradeDialog.render(dialog, state, layout, into: &buffer)
  case .overLimit(let dialog): OverLimitDialog.render(dialog, state, layout, into: &buffer)
  case .help(let help): HelpOverlay.render(help, layout, into: &buffer)
  case .messages(let log): MessageLog.render(log, state, into: &buffer)
  case .sandbox(let panel): SandboxPanel.render(panel, state, layout, into: &buffer)
  }
}

/// Replaces the layout below the minimum size; clips down to a single cell.
private func renderTooSmall(_ size: ScreenSize, into buffer: inout CellBuffer) {
  let area = Rect(x: 0, y: 0, width: size.width, height: size.height)
  let minimum = Layout.minimum
  let lines = [
    "terminal too small (need \(minimum.width)x\(minimum.height))",
    "now \(size.width)x\(size.height) · q quits",
  ]
  let top = max(0, (size.height - lines.count) / 2)
  for (offset, line) in lines.enumerated() {
    buffer.writeCentered(line, y: top + offset, in: area, style: offset == 0 ? .warningText : .dim)
  }
}

/// What a profile with no accounts sees: how to connect one.
private func renderEmptyState(_ state: AppState, _ area: Rect, into buffer: inout CellBuffer) {
  var lines: [(String, Style)] = [
    ("No TikTok account is connected yet.", .title),
    ("", .plain),
    ("Press c to connect one here,", .plain),
    ("or run `tractok connect` in a shell (add --qr to scan with a phone).", .plain),
    ("", .plain),
    (
      "Profile \"\(state.profile)\" is on the \(state.tier.rawValue) tier: "
        + "\(Format.count(state.tier.slotLimit, "slot")).",
      .dim
    ),
  ]
  if state.isSandbox {
    lines.append(("This is the built-in sandbox: try everything without a TikTok app.", .dim))
  }
  let top = area.y + max(0, (area.height - lines.count) / 2)
  for (offset, line) in lines.enumerated() where top + offset < area.maxY {
    buffer.writeCentered(line.0, y: top + offset, in: area, style: line.1)
  }
}

private func renderLoadFailure(_ error: DomainError, _ area: Rect, into buffer: inout CellBuffer) {
  let inner = area.insetBy(dx: 2, dy: 1)
  var y = buffer.writeWrapped(
    "Could not read the accounts: \(error.message)", y: inner.y, in: inner, style: .errorText,
    maxLines: 4)
  y += 1
  buffer.writeWrapped(
    "Trying again every few seconds. `tractok doctor` says what to fix.", y: y, in: inner,
    style: .dim)
}
