import Domain
import Foundation

extension DetailPane {
  /// Columns of the field labels ("Refreshed ").
  private static let labelWidth = 11

  static func render(_ state: AppState, _ frame: Rect, into buffer: inout CellBuffer) {
    guard let account = state.accounts.cursorAccount else {
      buffer.box(frame, title: "Details")
      return
    }
    let inner = buffer.box(frame, title: "Details")
    guard inner.width > 2, inner.height > 0 else { return }
    let area = inner.insetBy(dx: 1, dy: 0)
    videos(state, area, from: fields(account, state, area, into: &buffer) + 1, into: &buffer)
  }

  /// Draws the profile and token fields; returns the row after them.
  private static func fields(
    _ account: Account, _ state: AppState, _ area: Rect, into buffer: inout CellBuffer
  ) -> Int {
    let y = profile(account, area, into: &buffer)
    return tokens(account, state, area, from: y + 1, into: &buffer)
  }

  /// How many video rows the pane shows now: the fields are drawn into a scratch buffer of the
  /// pane's size to find where the table starts (only on `[` and `]`, never per frame).
  static func videoRows(_ state: AppState) -> Int {
    guard let account = state.accounts.cursorAccount else { return 0 }
    let frame = Layout(state.size).detail
    var scratch = CellBuffer(width: frame.maxX, height: frame.maxY)
    let inner = scratch.box(frame, title: "Details")
    let area = inner.insetBy(dx: 1, dy: 0)
    let top = fields(account, state, area, into: &scratch) + 1
    // The table: a heading and column titles, then the videos.
    return max(0, area.maxY - top - 2)
  }

  /// Name, verified mark, @username, bio and counts; returns the next free row.
  private static func profile(_ account: Account, _ area: Rect, into buffer: inout CellBuffer)
    -> Int
  {
    var y = area.y
    let nameEnd = buffer.write(
      account.label, at: Point(x: area.x, y: y), style: .title, clip: area, ellipsis: true)
    if account.isVerified {
      buffer.write(" ✓ verified", at: Point(x: nameEnd, y: y), style: .successText, clip: area)
    }
    y += 1
    if !account.displayName.isEmpty {
      buffer.write(
        account.handle, at: Point(x: area.x, y: y), style: .dim, clip: area, ellipsis: true)
      y += 1
    }
    if !account.bio.isEmpty {
      let lines = area.height >= 30 ? 3 : area.height >= 20 ? 2 : 1
      y = buffer.writeWrapped(
        account.bio, y: y, in: rows(area, from: y), style: .plain, maxLines: lines)
    }
    guard let stats = account.stats else { return y }
    let pairs = [
      ("Followers", stats.followers), ("Following", stats.following), ("Likes", stats.likes),
      ("Videos", stats.videos),
    ]
    var x = area.x
    for (name, value) in pairs {
      let text = "\(name) \(Format.compact(value))"
      let columns = TerminalText.columns(text)
      if x > area.x && x + columns > area.maxX {
        x = area.x
        y += 1
      }
      let labelEnd = buffer.write(
        name + " ", at: Point(x: x, y: y), style: .dim, clip: rows(area, from: y))
      x =
        buffer.write(
          Format.compact(value), at: Point(x: labelEnd, y: y), style: .strong,
          clip: rows(area, from: y)) + 3
    }
    return y + 1
  }

  /// Status, token times, scopes and the last error; returns the next free row.
  private static func tokens(
    _ account: Account, _ state: AppState, _ area: Rect, from top: Int,
    into buffer: inout CellBuffer
  ) -> Int {
    var y = top
    // Short panes keep one row per field, leaving rows for the videos.
    let roomy = area.height >= 30
    let status = state.badge(for: account)
    let explanation =
      status == .refreshing && state.refresh.isRefreshing(account.openID)
      ? "refreshing now" : account.statusExplanation(at: state.now, policy: state.policy)
    y = field("Status", area, y, into: &buffer) { buffer, valueArea in
      let badge = Badge.text(status)
      let x = buffer.write(
        badge, at: Point(x: valueArea.x, y: valueArea.y), style: Badge.style(status),
        clip: valueArea)
      // The explanation follows the badge when it fits there, else goes on the rows below.
      if x + 3 + TerminalText.columns(explanation) <= valueArea.maxX {
        buffer.write(
          " · " + explanation, at: Point(x: x, y: valueArea.y), style: .plain, clip: valueArea)
        return valueArea.y + 1
      }
      return buffer.writeWrapped(
        explanation, y: valueArea.y + 1, in: valueArea, style: .plain, maxLines: roomy ? 2 : 1)
    }
    let access = Format.countdown(from: state.now, to: account.accessExpiresAt)
    let accessText = access == "expired" ? "expired" : "\(access) left"
    y = line("Access", accessText, area, y, into: &buffer)
    let refreshEnd = Format.date(account.refreshExpiresAt, in: state.timeZone)
    y = line("Refresh", "until \(refreshEnd)", area, y, into: &buffer)
    let last = account.lastRefreshAt.map { Format.dateTime($0, in: state.timeZone) } ?? "not yet"
    y = line("Refreshed", last, area, y, into: &buffer)
    let granted =
      account.grantedScopes.isEmpty ? "none" : account.grantedScopes.joined(separator: ", ")
    y = line("Scopes", granted, area, y, maxLines: roomy ? 2 : 1, into: &buffer)
    if !account.declinedScopes.isEmpty {
      y = line(
        "Declined", account.declinedScopes.joined(separator: ", "), area, y, style: .warningText,
        maxLines: 2, into: &buffer)
    }
    if status == .error {
      // The status explanation already quotes the error; keep TikTok's log_id for support.
      if let log = account.lastLogID { y = line("Log ID", log, area, y, into: &buffer) }
    } else if let error = account.lastError, !error.isEmpty {
      let log = account.lastLogID.map { " (log_id \($0))" } ?? ""
      y = line("Last error", error + log, area, y, style: .errorText, maxLines: 2, into: &buffer)
    }
    return y
  }

  /// Recent videos of the shown page: date, title, views and likes.
  private static func videos(
    _ state: AppState, _ area: Rect, from top: Int, into buffer: inout CellBuffer
  ) {
    guard top + 1 < area.maxY else { return }
    let region = rows(area, from: top)
    var heading = "Recent videos"
    var message: (String, Style)?
    var list: [Video] = []
    switch state.detail.videos {
    case .none: return
    case .notGranted: message = ("Not allowed: the account did not grant video.list.", .dim)
    case .loading: message = ("\(Spinner.frame(at: state.now)) Loading…", .dim)
    case .failed(let error): message = ("Could not load videos: \(error.message)", .errorText)
    case .loaded(let pages, let page):
      guard pages.indices.contains(page) else { return }
      let all = pages[page].videos
      let offset = min(state.detail.videoOffset, max(0, all.count - 1))
      list = Array(all.dropFirst(offset))
      let room = max(0, region.maxY - region.y - 2)
      let more = page + 1 < pages.count || pages[page].hasMore || offset + room < all.count
      if offset > 0 || room < all.count {
        // Short panes: which rows of the page show, in few columns.
        heading = "Videos \(offset + 1)-\(min(all.count, offset + room))/\(all.count)"
      }
      heading += " · page \(page + 1)"
      heading += more || page > 0 || offset > 0 ? " · [ ]" : ""
      if all.isEmpty { message = ("No public videos.", .dim) }
    }
    buffer.write(
      heading, at: Point(x: region.x, y: region.y), style: .strong, clip: region, ellipsis: true)
    if let (text, style) = message {
      buffer.writeWrapped(text, y: region.y + 1, in: region, style: style, maxLines: 2)
      return
    }
    let numbers = 6
    let titleWidth = max(1, region.width - 11 - 2 * (numbers + 1))
    var y = region.y + 1
    let header =
      "Date".padding(toLength: 11, withPad: " ", startingAt: 0)
      + "Title".padding(toLength: titleWidth, withPad: " ", startingAt: 0)
    buffer.write(header, at: Point(x: region.x, y: y), style: .dim, clip: region)
    buffer.writeRightAligned(" Views  Likes", y: y, in: region, style: .dim)
    for video in list {
      y += 1
      guard y < region.maxY else { break }
      if state.detail.isLoadingMore && y == region.maxY - 1 {
        buffer.write(
          "\(Spinner.frame(at: state.now)) Loading more…", at: Point(x: region.x, y: y),
          style: .dim, clip: region)
        break
      }
      buffer.write(
        Format.date(video.createdAt, in: state.timeZone), at: Point(x: region.x, y: y), style: .dim,
        clip: region)
      let titleArea = Rect(x: region.x + 11, y: y, width: titleWidth, height: 1)
      buffer.write(
        video.title.isEmpty ? "(untitled)" : video.title, at: Point(x: titleArea.x, y: y),
        style: .plain, clip: titleArea, ellipsis: true)
      let views = video.views.map(Format.compact) ?? "–"
      let likes = video.likes.map(Format.compact) ?? "–"
      let figures = " " + pad(views, numbers) + " " + pad(likes, numbers)
      buffer.writeRightAligned(figures, y: y, in: region, style: .plain)
    }
  }

  /// A labelled field whose value is drawn by `draw`, which returns the row after it.
  private static func field(
    _ label: String, _ area: Rect, _ y: Int, into buffer: inout CellBuffer,
    draw: (inout CellBuffer, Rect) -> Int
  ) -> Int {
    guard y < area.maxY else { return y }
    buffer.write(label, at: Point(x: area.x, y: y), style: .dim, clip: area)
    let value = Rect(
      x: area.x + labelWidth, y: y, width: area.width - labelWidth, height: area.maxY - y)
    return max(y + 1, draw(&buffer, value))
  }

  /// A labelled line of text, wrapped over at most `maxLines` rows.
  private static func line(
    _ label: String, _ value: String, _ area: Rect, _ y: Int, style: Style = .plain,
    maxLines: Int = 1, into buffer: inout CellBuffer
  ) -> Int {
    field(label, area, y, into: &buffer) { buffer, valueArea in
      buffer.writeWrapped(value, y: valueArea.y, in: valueArea, style: style, maxLines: maxLines)
    }
  }

  private static func rows(_ area: Rect, from y: Int) -> Rect {
    Rect(x: area.x, y: y, width: area.width, height: area.maxY - y)
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
