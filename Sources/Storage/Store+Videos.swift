import Domain
import Foundation

extension Store {
  /// Stores a page of videos: the first page replaces the cache, later pages append.
  public func storeVideos(_ page: VideoPage, openID: String, firstPage: Bool) throws(DomainError) {
    try write { connection in
      if firstPage { try connection.run("DELETE FROM videos WHERE open_id = ?", [.text(openID)]) }
      var position =
        try connection.query(
          "SELECT coalesce(max(position), 0) FROM videos WHERE open_id = ?", [.text(openID)]
        ) { $0.int64(0) }.first ?? 0
      for video in page.videos {
        position += 1
        try connection.run(
          """
          INSERT OR REPLACE INTO videos (open_id, id, position, title, create_time, view_count,
            like_count, comment_count, share_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
          [
            .text(openID), .text(video.id), .integer(position),
            .text(UntrustedText.sanitize(video.title)),
            .integer(Int64(video.createdAt.timeIntervalSince1970)), .optional(video.views),
            .optional(video.likes), .optional(video.comments), .optional(video.shares),
          ])
      }
      try connection.run(
        "UPDATE accounts SET videos_cursor = ?, videos_has_more = ? WHERE open_id = ?",
        [.optional(page.cursor), .integer(page.hasMore ? 1 : 0), .text(openID)])
    }
  }

  /// The cached videos, newest first, and the paging state.
  public func videos(_ openID: String) throws(DomainError) -> VideoPage {
    try read { connection in
      let videos = try connection.query(
        """
        SELECT id, title, create_time, view_count, like_count, comment_count, share_count
        FROM videos WHERE open_id = ? ORDER BY position
        """, [.text(openID)]
      ) {
        Video(
          id: $0.text(0), title: $0.text(1),
          createdAt: Date(timeIntervalSince1970: Double($0.int64(2))),
          views: $0.optionalInt64(3), likes: $0.optionalInt64(4), comments: $0.optionalInt64(5),
          shares: $0.optionalInt64(6))
      }
      let paging = try connection.query(
        "SELECT videos_cursor, videos_has_more FROM accounts WHERE open_id = ?", [.text(openID)]
      ) { ($0.optionalInt64(0), $0.int(1) != 0) }.first
      return VideoPage(videos: videos, cursor: paging?.0, hasMore: paging?.1 ?? false)
    }
  }
}
