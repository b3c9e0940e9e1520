import Domain
import Foundation

extension DetailPane {
  /// A piece of text on a row of the pane, at a column from the pane's left edge.
  struct Span: Equatable {
    var column: Int
    var text: String
    var style: Style
    var ellipsis = false
  }

  /// One row of the pane: its pieces of text.
  typealias Row = [Span]

  /// Columns of the field labels ("Refreshed ").
  static let labelWidth = 11

  /// The profile and token fields of `account` for a pane of `width` x `height`, each followed
  /// by a blank row. Render draws these rows and `videoRows` counts them, so where the video
  /// table starts is known without drawing.
  static func fieldRows(_ account: Account, _ state: AppState, width: Int, height: Int) -> [Row] {
    profileRows(account, width: width, height: height) + [[]]
      + tokenRows(account, state, width: width, roomy: height >= 30)
  }

  /// Name, verified mark, @username, bio and counts.
  private static func profileRows(_ account: Account, width: Int, height: Int) -> [Row] {
    var name = [Span(column: 0, text: account.label, style: .title, ellipsis: true)]
    if account.isVerified {
      let end = min(TerminalText.columns(account.label), width)
      name.append(Span(column: end, text: " ✓ verified", style: .successText))
    }
    var rows = [name]
    if !account.displayName.isEmpty {
      rows.append([Span(column: 0, text: account.handle, style: .dim, ellipsis: true)])
    }
    if !account.bio.isEmpty {
      let lines = height >= 30 ? 3 : height >= 20 ? 2 : 1
      rows += TextWrap.lines(account.bio, width: width, maxLines: lines).map {
        [Span(column: 0, text: $0, style: .plain)]
      }
    }
    guard let stats = account.stats else { return rows }
    let pairs = [
      ("Followers", stats.followers), ("Following", stats.following), ("Likes", stats.likes),
      ("Videos", stats.videos),
    ]
    var row: Row = []
    var x = 0
    for (label, value) in pairs {
      let number = Format.compact(value)
      let columns = TerminalText.columns(label) + 1 + TerminalText.columns(number)
      if x > 0 && x + columns > width {
        rows.append(row)
        row = []
        x = 0
      }
      row.append(Span(column: x, text: label + " ", style: .dim))
      row.append(Span(column: x + TerminalText.columns(label) + 1, text: number, style: .strong))
      x += columns + 3
    }
    return rows + [row]
  }

  /// Status and what applies to it: token times only while the account can use its tokens,
  /// the key that helps when it cannot, scopes, and the last error with TikTok's log_id.
  private static func tokenRows(_ account: Account, _ state: AppState, width: Int, roomy: Bool)
    -> [Row]
  {
    let valueWidth = max(1, width - labelWidth)
    let status = state.badge(for: account)
    let explanation =
      status == .refreshing && state.refresh.isRefreshing(account.openID)
      ? "refreshing now" : account.statusExplanation(at: state.now, policy: state.policy)
    let badge = Badge.text(status)
    var rows: [Row] = []
    let statusRow = [
      Span(column: 0, text: "Status", style: .dim),
      Span(column: labelWidth, text: badge, style: Badge.style(status)),
    ]
    // The explanation follows the badge when it fits there, else wraps on the rows below.
    let badgeEnd = labelWidth + TerminalText.columns(badge)
    if TerminalText.columns(badge) + 3 + TerminalText.columns(explanation) <= valueWidth {
      rows.append(
        statusRow + [Span(column: badgeEnd, text: " · " + explanation, style: .plain)])
    } else {
      rows.append(statusRow)
      rows += TextWrap.lines(explanation, width: valueWidth, maxLines: roomy ? 4 : 2).map {
        [Span(column: labelWidth, text: $0, style: .plain)]
      }
    }
    if status.isUsable {
      let access = Format.countdown(from: state.now, to: account.accessExpiresAt)
      rows += field(
        "Access", access == "expired" ? "expired" : "\(access) left", width: width,
        style: access == "expired" ? .warningText : .plain)
      let endsSoon =
        account.refreshExpiresAt.timeIntervalSince(state.now) <= state.policy.reconnectWarning
      rows += field(
        "Refresh", "until \(Format.date(account.refreshExpiresAt, in: state.timeZone))",
        width: width, style: endsSoon ? .warningText : .plain, maxLines: 2)
    }
    let last = account.lastRefreshAt.map { Format.dateTime($0, in: state.timeZone) } ?? "not yet"
    // Dates wrap in a narrow pane rather than lose their end.
    rows += field("Refreshed", last, width: width, maxLines: 2)
    switch status {
    case .expired, .revoked:
      rows += field(
        "Reconnect", "press c to sign in as \(account.handle) again (no new slot)", width: width,
        style: .strong, maxLines: 2)
    case .overLimit:
      rows += field(
        "Slots", "press o to choose the active accounts, or raise the tier", width: width,
        style: .strong, maxLines: 2)
    case .active, .refreshing, .expiring, .error:
      break
    }
    // The app it was granted through, and TikTok's id of the person across one developer's
    // apps: the same person connected through two apps shows one union_id.
    let union = account.unionID.map { " · union_id \($0)" } ?? ""
    rows += field(
      "App", (account.app.name ?? "the default app") + union, width: width, maxLines: 2)
    let granted =
      account.grantedScopes.isEmpty ? "none" : account.grantedScopes.joined(separator: ", ")
    rows += field("Scopes", granted, width: width, maxLines: roomy ? 2 : 1)
    if !account.declinedScopes.isEmpty {
      rows += field(
        "Declined", account.declinedScopes.joined(separator: ", "), width: width,
        style: .warningText, maxLines: 2)
    }
    // An error the status already quotes keeps only TikTok's log_id (a narrow pane may have cut
    // the quote), for support.
    let quoted = status == .error || account.lastError == account.statusReason
    if let error = account.lastError, !error.isEmpty, !quoted {
      let log = account.lastLogID.map { " (log_id \($0))" } ?? ""
      rows += field("Last error", error + log, width: width, style: .errorText, maxLines: 2)
    } else if let log = account.lastLogID {
      rows += field("Log ID", log, width: width)
    }
    return rows
  }

  /// A labelled field: the label, then the value wrapped over at most `maxLines` rows.
  private static func field(
    _ label: String, _ value: String, width: Int, style: Style = .plain, maxLines: Int = 1
  ) -> [Row] {
    let lines = TextWrap.lines(value, width: max(1, width - labelWidth), maxLines: maxLines)
    return lines.enumerated().map { offset, line in
      (offset == 0 ? [Span(column: 0, text: label, style: .dim)] : [])
        + [Span(column: labelWidth, text: line, style: style)]
    }
  }
}
