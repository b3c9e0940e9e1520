import Domain

/// The message log (`m`): every message of this session in full, oldest first, errors with
/// TikTok's `log_id` where TikTok gave one (the status line may have cut them).
public enum MessageLog {
  /// How far the log is scrolled: the first row shown.
  public struct State: Equatable, Sendable {
    public internal(set) var scroll: Int

    public init(scroll: Int = 0) { self.scroll = scroll }
  }

  /// What the user does in the log.
  public enum Msg: Equatable, Sendable {
    case scroll(Int)
    case close
  }

  /// One row of the log: a message's time on its first row, and a piece of its text.
  struct Row: Equatable {
    var time: String
    var text: String
    var kind: Notice.Kind
  }

  /// Columns of the time (`14:05:09 `) before each message.
  private static let timeWidth = 9

  static func frame(in layout: Layout) -> Rect {
    layout.dialog(width: 100, height: layout.size.height - 2)
  }

  /// Rows of text the frame shows at once (a title row and a hint row are kept).
  static func visibleRows(in layout: Layout) -> Int { max(1, frame(in: layout).height - 4) }

  /// The log as rows of the frame's width: each message wrapped in full.
  static func rows(_ state: AppState) -> [Row] {
    let width = max(1, frame(in: state.layout).width - 4 - timeWidth)
    return state.messages.flatMap { notice -> [Row] in
      let time = Format.timeOfDay(notice.shownAt, in: state.timeZone)
      return TextWrap.lines(notice.text, width: width).enumerated().map { offset, line in
        Row(time: offset == 0 ? time : "", text: line, kind: notice.kind)
      }
    }
  }

  /// Opens the log at its end: the newest messages.
  static func open(_ state: inout AppState) -> [Effect] {
    state.overlay = .messages(State(scroll: lastTop(state)))
    return []
  }

  static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    guard case .messages(var log) = state.overlay else { return [] }
    switch msg {
    case .scroll(let delta):
      log.scroll = min(max(0, log.scroll + delta), lastTop(state))
      state.overlay = .messages(log)
    case .close:
      state.overlay = .none
    }
    return []
  }

  /// The first row shown when the log is scrolled to its end.
  private static func lastTop(_ state: AppState) -> Int {
    max(0, rows(state).count - visibleRows(in: state.layout))
  }

  static func render(_ log: State, _ state: AppState, into buffer: inout CellBuffer) {
    let layout = state.layout
    let inner = buffer.box(
      frame(in: layout), title: "Messages of this session (\(state.messages.count))", clear: true)
    let area = inner.insetBy(dx: 1, dy: 0)
    guard inner.height > 2 else { return }
    let rows = rows(state)
    let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
    if rows.isEmpty {
      buffer.write("No messages yet.", at: Point(x: body.x, y: body.y), style: .dim, clip: body)
    }
    for (offset, row) in rows.dropFirst(log.scroll).prefix(body.height).enumerated() {
      let y = body.y + offset
      buffer.write(row.time, at: Point(x: body.x, y: y), style: .dim, clip: body)
      let style: Style
      switch row.kind {
      case .info: style = .plain
      case .success: style = .successText
      case .error: style = .errorText
      }
      buffer.write(row.text, at: Point(x: body.x + timeWidth, y: y), style: style, clip: body)
    }
    let shown =
      rows.isEmpty
      ? ""
      : "rows \(Format.range(log.scroll + 1, min(rows.count, log.scroll + body.height))) of "
        + "\(Format.grouped(rows.count)) · "
    buffer.writeRightAligned(
      shown + "↓/↑ scroll · Esc closes", y: area.maxY - 1, in: area, style: .dim)
  }
}
