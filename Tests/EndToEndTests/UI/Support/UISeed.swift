import Domain
import Foundation
import Storage
import TestSupport

/// Puts accounts into a UI test's home through Storage before (or while) the UI runs.
enum UISeed {
  /// `count` realistic accounts (`AccountFixtures`) in a profile on `tier`, in the UI's list
  /// order; their tokens stay valid for a day, so the UI refreshes none of them during a test.
  @discardableResult
  static func fixtures(home: String, count: Int, tier: Tier = .agency) throws -> [Account] {
    let store = try Store.open(home: home, environmentKey: nil)
    try store.setTier(tier, profile: "default", now: Date())
    try AccountFixtures.populate(store, profile: "default", count: count)
    try raw(home) { connection in
      try connection.run(
        "UPDATE accounts SET status = 'active', access_expires_at = ?, last_error = NULL",
        [.date(Date().addingTimeInterval(86_400))])
    }
    return try store.accounts(profile: "default")
  }

  /// One account per string of `texts`, in list order, each string marked (`HostileText.marked`,
  /// tags `NNNn`, `NNNb`, `NNNv`, `NNNe` with the index's digits reversed) as display name, bio,
  /// video title and last error. The text goes through Storage first; then, because Storage
  /// sanitises what it writes, the raw text is put into the same columns directly, as an
  /// older or damaged database could hold it, so the UI's own sanitising is what is tested.
  static func hostile(home: String, texts: [String]) throws -> [Account] {
    let accounts = try fixtures(home: home, count: texts.count)
    let store = try Store.open(home: home, environmentKey: nil)
    var raw: [(openID: String, name: String, bio: String, title: String, error: String)] = []
    for (index, text) in texts.enumerated() {
      guard index < accounts.count else { break }
      let account = accounts[index]
      let tag = String(String(format: "%03d", index).reversed())
      let name = HostileText.marked(text, tag: tag + "n")
      let bio = HostileText.marked(text, tag: tag + "b")
      let title = HostileText.marked(text, tag: tag + "v")
      let profile = UserProfile(
        openID: account.openID, displayName: name, username: account.username, bio: bio,
        isVerified: index % 5 == 0, stats: account.stats)
      try store.updateProfile(account.openID, profile, now: Date())
      let video = Video(
        id: "v\(index)", title: title, createdAt: Date(timeIntervalSince1970: 1_767_000_000),
        views: Int64(index * 1_234), likes: Int64(index * 56))
      try store.storeVideos(
        VideoPage(videos: [video], cursor: nil, hasMore: false), openID: account.openID,
        firstPage: true)
      raw.append((account.openID, name, bio, title, HostileText.marked(text, tag: tag + "e")))
    }
    try UISeed.raw(home) { connection in
      for row in raw {
        try connection.run(
          "UPDATE accounts SET display_name = ?, bio = ?, last_error = ?, last_log_id = ? "
            + "WHERE open_id = ?",
          [.text(row.name), .text(row.bio), .text(row.error), .text(row.error), .text(row.openID)])
        try connection.run(
          "UPDATE videos SET title = ? WHERE open_id = ?", [.text(row.title), .text(row.openID)])
      }
    }
    return try store.accounts(profile: "default")
  }

  /// The display names as the database holds them (raw), by open_id.
  static func storedNames(_ home: String) throws -> [String: String] {
    let connection = try Connection(path: "\(home)/\(Store.databaseName)", create: false)
    let rows = try connection.query("SELECT open_id, display_name FROM accounts") {
      ($0.text(0), $0.text(1))
    }
    return Dictionary(rows) { first, _ in first }
  }

  /// Runs `body` on a plain SQLite connection to the home's database, in one transaction.
  static func raw(_ home: String, _ body: (Connection) throws -> Void) throws {
    let connection = try Connection(path: "\(home)/\(Store.databaseName)", create: false)
    try connection.transaction { try body(connection) }
  }
}
