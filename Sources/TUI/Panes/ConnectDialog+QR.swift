import Domain

extension ConnectDialog {
  /// Screen size the QR view needs for `matrix`: the code, its frame, two status rows, footer.
  public static func requiredSize(for matrix: QRMatrix) -> ScreenSize {
    let drawn = matrix.drawnSize
    return ScreenSize(width: drawn.width + 2, height: drawn.height + 2 + 2 + 1)
  }

  /// The QR view takes the whole screen above the footer: codes are big.
  static func renderQR(
    _ code: QRCode, _ dialog: State, _ state: AppState, _ layout: Layout,
    into buffer: inout CellBuffer
  ) {
    let frame = Rect(x: 0, y: 0, width: layout.size.width, height: layout.size.height - 1)
    let inner = buffer.box(frame, title: title(dialog, state), clear: true)
    guard !inner.isEmpty else { return }
    let drawn = code.matrix.drawnSize
    let status = statusLine(code, state)
    let needed = requiredSize(for: code.matrix)
    var y = inner.y
    if inner.width < drawn.width || inner.height < drawn.height + 2 {
      y =
        buffer.writeWrapped(
          "The QR code needs a terminal of at least \(needed.width)x\(needed.height); this one is "
            + "\(layout.size.width)x\(layout.size.height). Enlarge the window, or:",
          y: y + 1, in: inner.insetBy(dx: 1, dy: 0), style: .warningText, maxLines: 3)
      y =
        buffer.writeWrapped(
          "y copies the code's link: open it on the phone that has TikTok. p signs in through a "
            + "link instead and you paste back the address the browser ended on.",
          y: y, in: inner.insetBy(dx: 1, dy: 0), style: .plain, maxLines: 4) + 1
    } else {
      buffer.drawQR(code.matrix, at: Point(x: inner.x + (inner.width - drawn.width) / 2, y: y))
      y += drawn.height
    }
    let text = inner.insetBy(dx: 1, dy: 0)
    buffer.writeCentered(
      status.0, y: y, in: Rect(x: text.x, y: y, width: text.width, height: 1), style: status.1)
    if dialog.focus == .confirmQuit {
      buffer.writeCentered(
        "A connection is in progress. Quit anyway? y quits · n stays", y: y + 1,
        in: Rect(x: text.x, y: y + 1, width: text.width, height: inner.maxY - y - 1),
        style: .warningText)
    } else if let note = dialog.note {
      buffer.writeCentered(
        note, y: y + 1,
        in: Rect(x: text.x, y: y + 1, width: text.width, height: inner.maxY - y - 1), style: .notice
      )
    }
  }

  private static func statusLine(_ code: QRCode, _ state: AppState) -> (String, Style) {
    let timer = Format.timer(from: state.now, to: code.prompt.expiresAt)
    switch code.phase {
    case .waiting:
      return (
        "\(Spinner.frame(at: state.now)) Waiting for a scan with the TikTok app · \(timer) left",
        .strong
      )
    case .scanned: return ("Scanned: confirm on your phone · \(timer) left", .successText)
    case .confirmed: return ("Confirmed: finishing…", .successText)
    case .expired: return ("This code expired: press n for a new one", .warningText)
    case .utilised: return ("This code was already used: press n for a new one", .warningText)
    }
  }
}
