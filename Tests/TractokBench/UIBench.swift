import Domain
import Foundation
import Storage
import TUI

/// B1: one keypress as the main loop handles it (update, compare, render, diff), timed alone.
enum UICycleBench {
  static let size = ScreenSize(width: 200, height: 50)

  /// Presses `j` `presses` times on a loaded list of `accounts` at 200x50 and reports each
  /// cycle's duration in microseconds.
  static func run(accounts: Int, presses: Int) -> BenchReport {
    var state = Fixtures.state(accounts: accounts, size: size)
    var front = CellBuffer(width: 0, height: 0)
    var back = CellBuffer(width: 0, height: 0)
    render(state, into: &front)
    var samples: [Double] = []
    samples.reserveCapacity(presses)
    var changedCells = 0
    for _ in 0..<presses {
      let start = monotonicSeconds()
      let before = state
      _ = update(&state, .key(.char("j")))
      if state != before {
        render(state, into: &back)
        changedCells += back.diff(from: front).count
        swap(&front, &back)
      }
      samples.append((monotonicSeconds() - start) * 1e6)
    }
    var report = BenchReport()
    report["samples_us"] = samples
    report["changed_cells"] = changedCells
    report["cursor"] = state.accounts.window.cursor
    return report
  }
}

/// B2's floor: how many cells one `j` changes on the screen the real binary shows for the
/// database in TRACTOK_HOME (over-limit chooser dismissed, videos loaded, 200x50).
enum FrameBench {
  static func run(environment: [String: String]) throws -> BenchReport {
    let configuration = Configuration.from(environment: environment)
    let store = try openStore(configuration)
    let profile = environment["TRACTOK_PROFILE"] ?? "default"
    let record = try store.profile(profile)
    let now = Date()
    let sandbox = configuration.apps.clientKey == nil
    let app = sandbox ? AppRecord.sandbox : AppRecord.environment
    var state = AppState(
      profile: profile, tier: record.tier, app: app, isSandbox: sandbox, now: now,
      timeZone: .current, size: UICycleBench.size)
    let snapshot = AccountsSnapshot(
      profile: record.name, tier: record.tier, accounts: try store.accounts(profile: profile),
      selectedOpenID: record.selectedOpenID, app: app, isSandbox: sandbox)
    for msg: Msg in [.resized(UICycleBench.size), .tick(now), .accountsLoaded(snapshot)] {
      settle(&state, msg, store)
    }
    settle(&state, .key(.escape), store)
    var before = CellBuffer(size: UICycleBench.size)
    render(state, into: &before)
    settle(&state, .key(.char("j")), store)
    var after = CellBuffer(size: UICycleBench.size)
    render(state, into: &after)
    var report = BenchReport()
    report["changed_cells"] = after.diff(from: before).count
    report["screen_cells"] = UICycleBench.size.width * UICycleBench.size.height
    report["accounts"] = snapshot.accounts.count
    return report
  }

  /// Applies `msg` and answers the video loads it asks for from the store, as the runner does.
  private static func settle(_ state: inout AppState, _ msg: Msg, _ store: Store) {
    for effect in update(&state, msg) {
      guard case .loadVideos(let openID, nil) = effect else { continue }
      let page = Result { () throws(DomainError) in try store.videos(openID) }
      settle(&state, .videosLoaded(openID: openID, cursor: nil, VideoPageReport(page)), store)
    }
  }
}
