import Domain

extension ConnectDialog {
  static func render(
    _ dialog: State, _ state: AppState, _ layout: Layout, into buffer: inout CellBuffer
  ) {
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
    let inner = buffer.box(frame, title: title(dialog, state), clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard !area.isEmpty else { return }
    let spinner = Spinner.frame(at: state.now)
    switch dialog.phase {
    case .choosing(let highlighted):
      renderChoices(highlighted, dialog.reconnecting, state, area, into: &buffer)
    case .starting(_, let method):
      let text =
        method == .qrCode ? "Asking TikTok for a QR code…" : "Starting the callback listener…"
      buffer.write(
        "\(spinner) \(text)", at: Point(x: area.x, y: area.y + 1), style: .plain, clip: area)
    case .waiting(_, let prompt, let method):
      renderWaiting(prompt, method, dialog, state, area, into: &buffer)
    case .exchanging:
      buffer.write(
        "\(spinner) Exchanging the code for tokens…", at: Point(x: area.x, y: area.y + 1),
        style: .plain, clip: area)
    case .finished(let outcome):
      let isCurrent = state.accounts.selectedOpenID == outcome.account.openID
      renderOutcome(outcome, dialog.reconnecting, isCurrent: isCurrent, area, into: &buffer)
    case .failed(let error, _):
      buffer.write(
        "✗ Could not connect the account.", at: Point(x: area.x, y: area.y + 1), style: .errorText,
        clip: area)
      let y = buffer.writeWrapped(
        error.message, y: area.y + 3, in: area, style: .plain, maxLines: 4)
      buffer.write(
        "r tries again · c starts over · Enter closes", at: Point(x: area.x, y: y + 1), style: .dim,
        clip: area)
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

  /// The dialog's title: what it connects (a reconnect names its account in every view, the QR
  /// code's included), and through which app.
  static func title(_ dialog: State, _ state: AppState) -> String {
    let what: String
    switch (dialog.reconnecting, dialog.phase) {
    case (let target?, .qr): what = "Reconnect \(target.label) with a QR code"
    case (let target?, _): what = "Reconnect \(target.label)"
    case (nil, .qr): what = "Connect with a QR code"
    case (nil, _): what = "Connect a TikTok account"
    }
    return "\(what) · app \(state.app)"
  }

  private static func renderChoices(
    _ highlighted: Method, _ target: Target?, _ state: AppState, _ area: Rect,
    into buffer: inout CellBuffer
  ) {
    let question =
      target.map { "How do you want to sign in to TikTok as \($0.handle) again?" }
      ?? "How do you want to sign in to TikTok?"
    buffer.write(
      question, at: Point(x: area.x, y: area.y + 1), style: .strong, clip: area, ellipsis: true)
    for method in Method.allCases {
      let y = area.y + 3 + method.rawValue
      let row = Rect(x: area.x, y: y, width: area.width, height: 1)
      let isCursor = method == highlighted
      if isCursor { buffer.fill(row, style: .cursorRow) }
      let x = buffer.write(
        "\(isCursor ? "›" : " ") \(method.rawValue + 1)  \(method.title)",
        at: Point(x: area.x, y: y),
        style: isCursor ? .cursorRow : .strong, clip: row)
      buffer.write(
        method.explanation, at: Point(x: max(x + 2, area.x + 18), y: y),
        style: isCursor ? .cursorRow : .dim, clip: row, ellipsis: true)
    }
    let slots =
      target == nil
      ? "\(state.accounts.total) of \(state.tier.slotLimit) slots in use"
      : "A reconnect keeps the account's slot: no new one is needed"
    let sandbox = state.isSandbox ? " · sandbox: made-up accounts, nothing reaches TikTok" : ""
    buffer.writeWrapped(slots + sandbox, y: area.y + 7, in: area, style: .dim, maxLines: 2)
  }

  /// A row of the waiting view; `drop` orders what goes first when the dialog is short.
  private struct Row {
    enum Kind {
      case text(String, Style)
      case url(String)
      case field
    }
    var kind: Kind
    var drop = Int.max

    static let blank = Row(kind: .text("", .plain), drop: 0)
  }

  private static func renderWaiting(
    _ prompt: ConnectPrompt, _ method: Method, _ dialog: State, _ state: AppState, _ area: Rect,
    into buffer: inout CellBuffer
  ) {
    let timer = Format.timer(from: state.now, to: prompt.expiresAt)
    let awaited =
      prompt.isListening ? "TikTok to send the browser back" : "the address you paste"
    var top: [Row] = [
      Row(
        kind: .text(
          "\(Spinner.frame(at: state.now)) Waiting for \(awaited) · \(timer) left", .strong)),
      .blank,
    ]
    if let problem = prompt.listenerProblem {
      // Why the browser cannot come back stays longest; how to fix it goes first.
      top += TextWrap.lines(problem, width: area.width, maxLines: 4).enumerated().map {
        Row(kind: .text($0.element, .warningText), drop: $0.offset < 2 ? .max : 4)
      }
      top.append(.blank)
    }
    top.append(
      Row(
        kind: .text(
          prompt.browserOpened
            ? "Opened in your browser. If nothing happened, open this link:"
            : "Open this link in a browser (y copies it):", .plain)))
    var bottom: [Row] = []
    if prompt.sshForward != nil || prompt.sshEscape != nil {
      bottom += [.blank, Row(kind: .text("Over SSH? Forward the port first:", .plain), drop: 2)]
      if let forward = prompt.sshForward {
        bottom.append(Row(kind: .text("  " + forward, .strong), drop: 4))
      }
      if let escape = prompt.sshEscape {
        // Wrapped, not cut: every forward in it must be readable.
        bottom += TextWrap.lines(
          "or in the running session: " + escape, width: max(1, area.width - 2), maxLines: 3
        ).map { Row(kind: .text("  " + $0, .plain), drop: 3) }
      }
    }
    let label =
      method == .pasteBack || dialog.focus == .paste || !prompt.isListening
      ? "Paste the address the browser ended on, then Enter:"
      : "Or paste the address the browser ended on (Tab):"
    bottom += [.blank, Row(kind: .text(label, .plain), drop: 1), Row(kind: .field)]
    if let note = dialog.note {
      bottom += TextWrap.lines(note, width: area.width, maxLines: 2).map {
        Row(kind: .text($0, .notice), drop: 5)
      }
    }
    // Short dialogs lose blank rows first, then the URL shrinks (y still copies all of it),
    // then the least needed lines go.
    var urlRoom = area.height - top.count - bottom.count
    var level = 0
    while urlRoom < 1 && level <= 5 {
      top.removeAll { $0.drop == level }
      bottom.removeAll { $0.drop == level }
      urlRoom = area.height - top.count - bottom.count
      level += 1
    }
    let url = TextWrap.lines(prompt.authorizeURL, width: area.width, maxLines: max(1, urlRoom))
    let rows = top + url.map { Row(kind: .url($0)) } + bottom
    let linkable = TerminalSequences.isSafeURL(prompt.authorizeURL)
    for (offset, row) in rows.enumerated() where offset < area.height {
      let y = area.y + offset
      switch row.kind {
      case .text(let text, let style):
        buffer.write(text, at: Point(x: area.x, y: y), style: style, clip: area, ellipsis: true)
      case .url(let line):
        let end = buffer.write(line, at: Point(x: area.x, y: y), style: .link, clip: area)
        if linkable {
          buffer.addLink(url: prompt.authorizeURL, y: y, x: area.x, width: end - area.x)
        }
      case .field:
        renderPasteField(
          dialog, state, Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
      }
    }
  }

  private static func renderPasteField(
    _ dialog: State, _ state: AppState, _ row: Rect, into buffer: inout CellBuffer
  ) {
    guard row.y < buffer.height else { return }
    buffer.fill(row, style: .input)
    if dialog.paste.isChecking {
      buffer.write(
        "\(Spinner.frame(at: state.now)) checking…", at: Point(x: row.x, y: row.y), style: .input,
        clip: row)
      return
    }
    if dialog.paste.text.isEmpty && dialog.focus != .paste {
      buffer.write(
        "> (Tab, or just paste)", at: Point(x: row.x, y: row.y), style: .input, clip: row)
      return
    }
    let shown = masked(dialog.paste.text)
    let room = max(1, row.width - 3)
    let tail = shown.count > room ? "…" + String(shown.suffix(room - 1)) : shown
    let end = buffer.write("> " + tail, at: Point(x: row.x, y: row.y), style: .input, clip: row)
    if dialog.focus == .paste {
      buffer.put("▏", at: Point(x: min(end, row.maxX - 1), y: row.y), style: .input)
    }
  }

  /// The pasted text with the authorization code's value hidden: it is a secret.
  static func masked(_ text: String) -> String {
    guard let range = text.range(of: "code=") else { return text }
    let valueEnd = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
    let hidden = String(
      repeating: "*", count: min(8, text.distance(from: range.upperBound, to: valueEnd)))
    return String(text[..<range.upperBound]) + hidden + String(text[valueEnd...])
  }

  private static func renderOutcome(
    _ outcome: ConnectOutcome, _ target: Target?, isCurrent: Bool, _ area: Rect,
    into buffer: inout CellBuffer
  ) {
    let account = outcome.account
    let verb = outcome.reconnected ? "Reconnected" : "Added"
    var y = area.y + 1
    y = buffer.writeWrapped(
      "✓ \(verb) \(account.label) (\(account.handle)).", y: y, in: area, style: .successText,
      maxLines: 2)
    if let target, target.openID != account.openID {
      y = buffer.writeWrapped(
        "TikTok signed in \(account.handle), not \(target.handle): that one still needs a "
          + "reconnect (c on it, then choose \(target.handle) on TikTok's page).",
        y: y, in: area, style: .warningText, maxLines: 2)
    }
    let current =
      isCurrent
      ? "It is the current account."
      : "The current account stays as it was (scripts use it); Enter on a row makes another one current."
    let detail =
      outcome.reconnected ? "New tokens are stored; no new slot was used. \(current)" : current
    y = buffer.writeWrapped(detail, y: y, in: area, style: .plain, maxLines: 2) + 1
    if !outcome.declinedScopes.isEmpty {
      let scopes = outcome.declinedScopes.joined(separator: ", ")
      y =
        buffer.writeWrapped(
          "You declined: \(scopes). Details that need them stay empty; reconnect to grant them.",
          y: y, in: area, style: .warningText, maxLines: 3) + 1
    }
    buffer.write(
      "Enter closes · c connects another", at: Point(x: area.x, y: y), style: .dim, clip: area)
  }

  private static func renderQuitQuestion(_ area: Rect, into buffer: inout CellBuffer) {
    let row = Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1)
    buffer.fill(row, style: .plain)
    buffer.write(
      "A connection is in progress. Quit anyway? y quits · n stays", at: Point(x: row.x, y: row.y),
      style: .warningText, clip: row, ellipsis: true)
  }
}
