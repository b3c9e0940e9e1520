import Foundation
import Testing

@testable import Sandbox

@Suite("Sandbox accounts")
struct SandboxCatalogTests {
  let accounts = SandboxCatalog.accounts

  @Test("there are at least six accounts and the plain one comes first")
  func plainFirst() {
    #expect(accounts.count >= 6)
    #expect(accounts.first?.displayName == "Maya Chen")
    #expect(accounts.first?.username == "mayacooks")
  }

  @Test("open_ids, union_ids and usernames are unique and open_ids look like UUIDs")
  func identities() {
    #expect(Set(accounts.map(\.openID)).count == accounts.count)
    #expect(Set(accounts.map(\.unionID)).count == accounts.count)
    #expect(Set(accounts.map(\.username)).count == accounts.count)
    for account in accounts {
      #expect(UUID(uuidString: account.openID) != nil)
      #expect(UUID(uuidString: account.unionID) != nil)
    }
  }

  @Test("counts range from an empty account to a huge one with 100+ videos")
  func ranges() {
    #expect(accounts.contains { $0.followerCount == 0 && $0.videos.isEmpty })
    #expect(accounts.contains { $0.followerCount == 48_200_000 && $0.likesCount == 1_200_000_000 })
    #expect(accounts.contains { $0.videos.count >= 100 })
    #expect(accounts.contains { $0.isVerified })
  }

  @Test("names, bios and titles carry every kind of hostile text")
  func hostile() {
    let text = accounts.flatMap { [$0.displayName, $0.bio] + $0.videos.map(\.title) }.joined()
    for needle in [
      "\u{1B}]0;pwned\u{07}", "\u{1B}[2J", "\u{9B}", "\u{202E}", "👩‍💻", "🏳️‍🌈", "東京カフェ巡り",
      "<script>",
    ] {
      #expect(text.contains(needle), "missing \(needle.debugDescription)")
    }
    // Combining marks attach to their base character, so look for the scalar itself.
    #expect(
      text.unicodeScalars.filter { $0.properties.generalCategory == .nonspacingMark }.count > 10)
  }

  @Test("videos are newest first with distinct times, ids carry their second, titles fit 150")
  func videos() {
    for account in accounts {
      let times = account.videos.map(\.createTime)
      #expect(times == times.sorted(by: >))
      #expect(Set(times).count == times.count)
      #expect(Set(account.videos.map(\.id)).count == account.videos.count)
      for video in account.videos {
        #expect(Int64(video.id).map { $0 >> 32 } == video.createTime)
        #expect(video.title.count <= 150)
        #expect(video.viewCount >= video.likeCount)
      }
    }
  }

  @Test("the catalog is deterministic")
  func deterministic() {
    #expect(
      SandboxCatalog.videos(seed: 23, count: 140, views: 1...10, titles: ["a"])
        == SandboxCatalog.videos(seed: 23, count: 140, views: 1...10, titles: ["a"]))
    #expect(
      SandboxCatalog.account("novastars")?.videos.first?.id
        == SandboxCatalog.accounts[1].videos.first?.id)
  }
}
