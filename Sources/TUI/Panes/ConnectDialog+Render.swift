import Domain

extension ConnectDialog {
  static func render(_ dialog: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer) {
    if case .qr(_, let code) = dialog.phase {
      renderQR(code, dialog, state, layout, into: &buffer)
      return
    }
    let height: Int
    switch dialog.phase {
    case .choosing: height = 12
    case .waiting: height = 24
    case .starting, .exchanging: height = 8
    case .finished, .failed, .qr: height = 12
    }
    let frame = layout.dialog(width: 80, height: height)
    let inner = buffer.box(frame, title: "Connect a TikTok account", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard !area.isEmpty else { return }
    let spinner = Spinner.frame(at: state.now)
    switch dialog.phase {
    case .choosing(let highlighted): renderChoices(highlighted, state, area, into: &buffer)
    case .starting(_, let method):
      let text = method == .qrCode ? "Asking TikTok for a QR code…" : "Starting the callback listener…"
      buffer.write("\(spinner) \(text)", at: Point(x: area.x, y: area.y + 1), style: .plain, clip: area)
    case .waiting(_, let prompt, let method):
      renderWaiting(prompt, method, dialog, state, area, into: &buffer)
    case .exchanging:
      buffer.write("\(spinner) Exchanging the code for tokens…", at: Point(x: area.x, y: area.y + 1), style: .plain, clip: area)
    case .finished(let outcome): renderOutcome(outcome, area, into: &buffer)
    case .failed(let error, _):
      buffer.write("✗ Could not connect the account.", at: Point(x: area.x, y: area.y + 1), style: .errorText, clip: area)
      let y = buffer.writeWrapped(error.message, y: area.y + 3, in: area, style: .plain, maxLines: 4)
      buffer.write("r tries again · c starts over · Enter closes", at: Point(x: area.x, y: y + 1), style: .dim, clip: area)
    case .qr: break
    }
    if dialog.focus == .confirmQuit {
      renderQuitQuestion(area, into: &buffer)
      return
    }
    // The waiting view places its own note under the paste field.
    if case .waiting = dialog.phase { return }
    if let note = dialog.note {
      buffer.writeWrapped(note, y: area.maxY - 1, in: area, style: .notice, maxLines: 1)
    }
  }

  private static func renderChoices(
    _ highlighted: Method, _ state: AppState, _ area: Rect, into buffer: inout CellBuffer
  ) {
    buffer.write("How do you want to sign in to TikTok?", at: Point(x: area.x, y: area.y + 1), style: .strong, clip: area)
    for method in Method.allCases {
      let y = area.y + 3 + method.rawValue
      let row = Rect(x: area.x, y: y, width: area.width, height: 1)
      let isCursor = method == highlighted
      if isCursor { buffer.fill(row, style: .cursorRow) }
      let x = buffer.write(
        "\(isCursor ? "›" : " ") \(method.rawValue + 1)  \(method.title)", at: Point(x: area.x, y: y),
        style: isCursor ? .cursorRow : .strong, clip: row)
      buffer.write(
        method.explanation, at: Point(x: max(x + 2, area.x + 18), y: y),
        style: isCursor ? .cursorRow : .dim, clip: row, ellipsis: true)
    }
    let slots = "\(state.accounts.accounts.count) of \(state.tier.slotLimit) slots in use"
    let sandbox = state.isSandbox ? " · sandbox: its accounts are made up, nothing reaches TikTok" : ""
    buffer.writeWrapped(slots + sandbox, y: area.y + 7, in: area, style: .dim, maxLines: 2)
  }

  private static func renderWaiting(
    _ prompt: ConnectPrompt, _ method: Method, _ dialog: State, _ state: AppState, _ area: Rect,
    into buffer: inout CellBuffer
  ) {
    var y = area.y
    let timer = Format.timer(from: state.now, to: prompt.expiresAt)
    buffer.write(
      "\(Spinner.frame(at: state.now)) Waiting for TikTok to send the browser back · \(timer) left",
      at: Point(x: area.x, y: y), style: .strong, clip: area, ellipsis: true)
    y += 2
    let intro = prompt.browserOpened
      ? "Opened in your browser. If nothing happened, open this link:"
      : "Open this link in a browser (y copies it):"
    buffer.write(intro, at: Point(x: area.x, y: y), style: .plain, clip: area, ellipsis: true)
    y += 1
    let sshLines = prompt.sshForward == nil && prompt.sshEscape == nil ? 0 : 4
    let fixed = 3 + sshLines + 3 + 2
    let urlLines = TextWrap.lines(prompt.authorizeURL, width: area.width, maxLines: max(1, area.height - fixed))
    let linkable = prompt.authorizeURL.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    for line in urlLines where y < area.maxY {
      let end = buffer.write(line, at: Point(x: area.x, y: y), style: .link, clip: area)
      if linkable { buffer.addLink(url: prompt.authorizeURL, y: y, x: area.x, width: end - area.x) }
      y += 1
    }
    if sshLines > 0 {
      y += 1
      buffer.write("Over SSH? Forward the port first:", at: Point(x: area.x, y: y), style: .plain, clip: area)
      if let forward = prompt.sshForward {
        buffer.write("  " + forward, at: Point(x: area.x, y: y + 1), style: .strong, clip: area, ellipsis: true)
      }
      if let escape = prompt.sshEscape {
        buffer.write("  or in the running session: " + escape, at: Point(x: area.x, y: y + 2), style: .plain, clip: area, ellipsis: true)
      }
      y += 3
    }
    y += 1
    let label = method == .pasteBack || dialog.focus == .paste
      ? "Paste the address the browser ended on, then Enter:" : "Or paste the address the browser ended on (Tab):"
    buffer.write(label, at: Point(x: area.x, y: y), style: .plain, clip: area, ellipsis: true)
    y += 1
    renderPasteField(dialog, state, Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
    if let note = dialog.note, dialog.focus != .confirmQuit {
      buffer.writeWrapped(note, y: y + 1, in: Rect(x: area.x, y: y + 1, width: area.width, height: area.maxY - y - 1), style: .notice, maxLines: 2)
    }
  }

  private static func renderPasteField(_ dialog: State, _ state: AppState, _ row: Rect, into buffer: inout CellBuffer) {
    guard row.y < buffer.height else { return }
    buffer.fill(row, style: .input)
    if dialog.paste.isChecking {
      buffer.write("\(Spinner.frame(at: state.now)) checking…", at: Point(x: row.x, y: row.y), style: .input, clip: row)
      return
    }
    let shown = masked(dialog.paste.text)
    let room = max(1, row.width - 1)
    let tail = shown.count > room ? "…" + String(shown.suffix(room - 1)) : shown
    let end = buffer.write(tail, at: Point(x: row.x, y: row.y), style: .input, clip: row)
    if dialog.focus == .paste { buffer.put("▏", at: Point(x: min(end, row.maxX - 1), y: row.y), style: .input) }
  }

  /// The pasted text with the authorization code's value hidden: it is a secret.
  static func masked(_ text: String) -> String {
    guard let range = text.range(of: "code=") else { return text }
    let valueEnd = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
    let hidden = String(repeating: "*", count: min(8, text.distance(from: range.upperBound, to: valueEnd)))
    return String(text[..<range.upperBound]) + hidden + String(text[valueEnd...])
  }

  private static func renderOutcome(_ outcome: ConnectOutcome, _ area: Rect, into buffer: inout CellBuffer) {
    let account = outcome.account
    let verb = outcome.reconnected ? "Reconnected" : "Added"
    var y = area.y + 1
    y = buffer.writeWrapped("✓ \(verb) \(account.label) (\(account.handle)).", y: y, in: area, style: .successText, maxLines: 2)
    let detail = outcome.reconnected
      ? "New tokens are stored; no new slot was used. It is now the current account."
      : "It is now the current account."
    y = buffer.writeWrapped(detail, y: y, in: area, style: .plain, maxLines: 2) + 1
    if !outcome.declinedScopes.isEmpty {
      let scopes = outcome.declinedScopes.joined(separator: ", ")
      y = buffer.writeWrapped(
        "You declined: \(scopes). Details that need them stay empty; reconnect to grant them.",
        y: y, in: area, style: .warningText, maxLines: 3) + 1
    }
    buffer.write("Enter closes · c connects another", at: Point(x: area.x, y: y), style: .dim, clip: area)
  }

  private static func renderQuitQuestion(_ area: Rect, into buffer: inout CellBuffer) {
    let row = Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1)
    buffer.fill(row, style: .plain)
    buffer.write(
      "A connection is in progress. Quit anyway? y quits · n stays", at: Point(x: row.x, y: row.y),
      style: .warningText, clip: row, ellipsis: true)
  }
}
