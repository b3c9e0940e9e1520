/// Where everything goes for a screen size. Update uses it too (rows per page, clicks), so it is
/// a pure function of the size.
public struct Layout: Equatable, Sendable {
  /// Below this the layout is replaced by a "terminal too small" message.
  public static let minimum = ScreenSize(width: 60, height: 15)

  public let size: ScreenSize
  /// Rows of the status line: one, more while an error is wrapped there.
  public let statusRows: Int

  public init(_ size: ScreenSize, statusRows: Int = 1) {
    self.size = size
    self.statusRows = max(1, statusRows)
  }

  public var isTooSmall: Bool {
    size.width < Self.minimum.width || size.height < Self.minimum.height
  }

  public var screen: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }
  public var header: Rect { Rect(x: 0, y: 0, width: size.width, height: 1) }
  public var body: Rect {
    Rect(x: 0, y: 1, width: size.width, height: size.height - 2 - statusRows)
  }
  public var status: Rect {
    Rect(x: 0, y: size.height - 1 - statusRows, width: size.width, height: statusRows)
  }
  public var footer: Rect { Rect(x: 0, y: size.height - 1, width: size.width, height: 1) }

  /// The accounts list's frame: half the width on narrow screens, 45% (at most 90 columns) on
  /// wide ones, so names stay readable next to the badge and countdown.
  public var list: Rect {
    let width = size.width < 100 ? size.width / 2 : min(size.width * 9 / 20, 90)
    return Rect(x: 0, y: body.y, width: min(width, size.width), height: body.height)
  }

  /// The detail pane's frame: the rest of the body.
  public var detail: Rect {
    Rect(x: list.maxX, y: body.y, width: size.width - list.width, height: body.height)
  }

  /// Account rows the list shows at once (never less than one, so paging always moves).
  public var listRows: Int { max(1, list.height - 2) }

  /// The list row offset (from the first visible row) under `point`, if the point is on a row.
  public func listRow(at point: Point) -> Int? {
    let inner = list.insetBy(dx: 1, dy: 1)
    guard !isTooSmall, inner.contains(point) else { return nil }
    return point.y - inner.y
  }

  /// A centred dialog frame of at most `width` x `height`, leaving a margin where it can.
  public func dialog(width: Int, height: Int) -> Rect {
    screen.insetBy(dx: 1, dy: 1).centered(width: width, height: height)
  }
}
