import Domain
import Foundation

extension DetailPane {
  static func render(_ state: AppState, _ frame: Rect, into buffer: inout CellBuffer) {
    let inner = buffer.box(frame, title: "Details")
    guard let account = state.accounts.cursorAccount, inner.width > 2, inner.height > 0 else {
      return
    }
    let area = contentArea(frame)
    let rows = fieldRows(account, state, width: area.width, height: area.height)
    for (offset, row) in rows.enumerated() where offset < area.height {
      for span in row {
        buffer.write(
          span.text, at: Point(x: area.x + span.column, y: area.y + offset), style: span.style,
          clip: area, ellipsis: span.ellipsis)
      }
    }
    videos(state, account, area, from: area.y + rows.count + 1, into: &buffer)
  }

  /// The heading of the video table: which videos show, of how many (the profile's count when
  /// known, else what was fetched, with `+` while TikTok has more), and the paging keys.
  static func videoHeading(_ list: VideoList, offset: Int, pageSize: Int, account: Account)
    -> String
  {
    let fetched = list.videos.count
    let total: String
    if let known = account.stats?.videos, known >= Int64(fetched) {
      total = Format.grouped(Int(clamping: known))
    } else {
      total = Format.grouped(fetched) + (list.hasMore ? "+" : "")
    }
    let end = min(offset + pageSize, fetched)
    let pages = offset > 0 || end < fetched || list.hasMore ? " · [ ]" : ""
    // Past what is here: the page is on its way from TikTok.
    let shown =
      end > offset
      ? Format.range(offset + 1, end)
      : "from \(Format.grouped(offset + 1))"
    return "Videos \(shown) of \(total)\(pages)"
  }

  /// The page of videos shown: date, title, views and likes.
  private static func videos(
    _ state: AppState, _ account: Account, _ area: Rect, from top: Int,
    into buffer: inout CellBuffer
  ) {
    // A heading, column titles and at least one video, or nothing.
    guard top + 2 < area.maxY else { return }
    let region = rows(area, from: top)
    let pageSize = region.height - 2
    var heading = "Videos"
    var message: (String, Style)?
    var list: ArraySlice<Video> = []
    switch state.detail.videos {
    case .none: return
    case .notGranted: message = ("Not allowed: the account did not grant video.list.", .dim)
    case .loading: message = ("\(Spinner.frame(at: state.now)) Loading…", .dim)
    case .failed(let error): message = ("Could not load videos: \(error.onScreen)", .errorText)
    case .loaded(let videos):
      let offset = state.detail.videoOffset
      list = videos.videos.dropFirst(offset).prefix(pageSize)
      if videos.videos.isEmpty && !videos.hasMore {
        message = ("No public videos.", .dim)
      } else {
        heading = videoHeading(videos, offset: offset, pageSize: pageSize, account: account)
        if list.isEmpty {
          message = ("\(Spinner.frame(at: state.now)) Loading more from TikTok…", .dim)
        }
      }
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
    // The rest of the page is on its way from TikTok.
    if list.count < pageSize, state.detail.isLoadingMore, y + 1 < region.maxY {
      buffer.write(
        "\(Spinner.frame(at: state.now)) Loading more…", at: Point(x: region.x, y: y + 1),
        style: .dim, clip: region)
    }
  }

  private static func rows(_ area: Rect, from y: Int) -> Rect {
    Rect(x: area.x, y: y, width: area.width, height: area.maxY - y)
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
