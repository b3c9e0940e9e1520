/// The sandbox's fixed cast of TikTok users: realistic, varied, and partly hostile on purpose.
///
/// Everything is deterministic (no randomness, no clock) so tests and demos see the same data.
/// The first account is plain so demos look good; others carry escape sequences, C1 controls,
/// bidi overrides, emoji ZWJ sequences, CJK and stacked combining marks.
public enum SandboxCatalog {
  /// The Unix time (seconds) of every catalog's newest video: 2025-12-29.
  static let newestVideoTime: Int64 = 1_767_000_000

  /// All sandbox accounts, plain one first.
  public static let accounts: [SandboxAccount] = [
    SandboxAccount(
      openID: "5b2f0c3e-8d41-4a6f-9c27-1e4d3a9b7f10",
      unionID: "c1a7e6d2-3b4f-4e8a-a5c9-7d2e1f0b6a34",
      displayName: "Maya Chen", username: "mayacooks",
      bio: "Weeknight recipes in under 20 minutes. Dumplings on Fridays 🥟", isVerified: false,
      followerCount: 12_480, followingCount: 312, likesCount: 486_300,
      videos: videos(seed: 11, count: 36, views: 2_000...180_000, titles: mayaTitles)),
    SandboxAccount(
      openID: "9e41d7a2-60c3-4b5e-8f19-3a7c2d8e4b61",
      unionID: "f2b8c4a1-7e3d-4c69-b0a5-6d1e9f3c2a87",
      displayName: "Nova ✨ Stars", username: "novastars",
      bio: "Official account. New album out now 🌌 Tour dates below 👇", isVerified: true,
      followerCount: 48_200_000, followingCount: 87, likesCount: 1_200_000_000,
      videos: videos(seed: 23, count: 140, views: 800_000...92_000_000, titles: novaTitles)),
    SandboxAccount(
      openID: "2c7a9f14-b3e8-4d05-a6c1-8f2b7e4d9a30",
      unionID: "a9d3e1c7-4f2b-4a8e-9c65-0b7d2e8f1c43",
      displayName: "東京カフェ巡り", username: "tokyo_cafe_walk",
      bio: "東京の喫茶店を毎日紹介しています ☕️ 新宿・渋谷・下北沢", isVerified: false,
      followerCount: 203_944, followingCount: 1_020, likesCount: 3_870_112,
      videos: videos(seed: 37, count: 24, views: 9_000...640_000, titles: cafeTitles)),
    SandboxAccount(
      openID: "7f3e2b9c-1a4d-4e87-b2c6-5d9a8e1f3b72",
      unionID: "d4c2a8e6-9b1f-4d37-8a5e-2f6c1b9d7e05",
      displayName: "👩‍💻 Priya builds 🏳️‍🌈", username: "priya.codes",
      bio: "Shipping side projects weekly \u{202E}gnp.exe\u{202C} she/her", isVerified: true,
      followerCount: 88_010, followingCount: 455, likesCount: 1_904_223,
      videos: videos(seed: 41, count: 12, views: 3_000...410_000, titles: priyaTitles)),
    SandboxAccount(
      openID: "0d8b6e3f-5c2a-4f91-a7d4-9e1b3c6f8a25",
      unionID: "b7e5f3a9-2d8c-4b16-9f4a-1c3e7d5b9f68",
      displayName: "\u{1B}]0;pwned\u{07}Glitch \u{1B}[31mKid\u{1B}[0m", username: "glitch_kid",
      bio:
        "\u{1B}[2J\u{1B}[H cleared your screen \u{9B}31m C1 red <script>alert(1)</script> & \"q\"",
      isVerified: false, followerCount: 0, followingCount: 0, likesCount: 0, videos: []),
    SandboxAccount(
      openID: "4a9c1e7b-8f3d-4b52-9e06-7c4a2d8b1f93",
      unionID: "e8f6a2c4-1b9d-4e73-a5c8-3d7f9b1e6a02",
      displayName:
        "Zoë Z\u{337}\u{322}\u{31B}a\u{334}\u{321}\u{35D}l\u{338}\u{328}g\u{335}o\u{336}",
      username: "zalgo.zoe",
      bio: "e\u{301}\u{302}\u{303}\u{304}\u{305} stacked marks,\ttabs and\nnew lines\r\u{7F}",
      isVerified: false, followerCount: 7, followingCount: 2_041, likesCount: 15,
      videos: videos(seed: 53, count: 3, views: 4...90, titles: hostileTitles)),
    SandboxAccount(
      openID: "8e2d5a1c-3f7b-4c98-b1e4-6a9d2c7f5b16",
      unionID: "c3b9d7f1-6e4a-4b85-92d7-8f1a5c3e9b40",
      displayName: "Ana María Núñez", username: "ana.nunez",
      bio: "Fotografía de calle · Sevilla 📷", isVerified: false,
      followerCount: 1_204, followingCount: 198, likesCount: 20_660,
      videos: videos(seed: 67, count: 5, views: 150...7_200, titles: anaTitles)),
  ]

  /// The account with this open_id or username, if any.
  public static func account(_ reference: String) -> SandboxAccount? {
    accounts.first { $0.matches(reference) }
  }

  static let mayaTitles = [
    "Crispy chili oil noodles", "5-minute scallion pancakes", "Miso butter salmon",
    "Dumpling folding, 4 ways", "Tomato egg stir-fry like my grandma's", "One-pan garlic rice",
    "Smashed cucumber salad", "Mapo tofu for beginners", "Sesame cold noodles",
  ]
  static let novaTitles = [
    "✨ new era ✨", "tour rehearsal day 3", "POV: you found the \u{1B}[5mblink\u{1B}[0m tag",
    "thank you 48M 🥹🫶", "RTL test \u{202E}olleh\u{202C} world", "studio vlog: the bridge",
    "👨‍👩‍👧‍👦 family dinner edition", "answering your questions (part 1)",
    String(repeating: "a very long title that keeps going ", count: 4) + "the end!!",
  ]
  static let cafeTitles = [
    "下北沢の隠れ家カフェ", "渋谷で一番静かな喫茶店", "新宿のレトロ純喫茶 ☕️", "朝7時に開くパン屋さん",
    "抹茶ラテ飲み比べ",
  ]
  static let priyaTitles = [
    "I built a terminal app in a weekend", "Day 12 of learning Swift 🧑‍💻",
    "Why my tests run in 2 seconds", "Debugging at 3am 🫠",
  ]
  static let hostileTitles = [
    "\u{1B}[2J\u{1B}[Hscreen cleared?", "Z\u{336}\u{337}\u{338}\u{334}\u{335}algo title",
    "\u{9B}1;31mC1 CSI \u{1B}P+q\u{1B}\\ DCS <b>bold</b>",
  ]
  static let anaTitles = [
    "Luz de tarde en Triana", "Calle Feria, 7:40", "Sombras en la Alameda", "Niños y palomas",
    "Última luz del río",
  ]

  /// Builds `count` videos, newest first, with distinct descending create times.
  static func videos(
    seed: UInt64, count: Int, views: ClosedRange<Int64>, titles: [String]
  ) -> [SandboxVideo] {
    var random = Generator(state: seed)
    var time = newestVideoTime - Int64(seed) * 3_607
    var result: [SandboxVideo] = []
    result.reserveCapacity(count)
    for index in 0..<count {
      let title = titles.isEmpty ? "video \(index + 1)" : titles[index % titles.count]
      let part = index < titles.count ? "" : " (part \(index / max(titles.count, 1) + 1))"
      // TikTok caps titles at 150 characters.
      let fullTitle = String((title + part).prefix(150))
      let viewCount = views.lowerBound + Int64(random.next() % UInt64(views.count))
      let likeCount = viewCount / Int64(8 + random.next() % 13)
      let commentCount = likeCount / Int64(20 + random.next() % 31)
      // TikTok video ids carry the creation second in their high 32 bits.
      let id = time << 32 | Int64(random.next() & 0xFFFF_FFFF)
      result.append(
        SandboxVideo(
          id: String(id), createTime: time, title: fullTitle,
          description: String((fullTitle + " #sandbox #tractok").prefix(150)),
          duration: Int64(7 + random.next() % 174),
          width: 1080, height: 1920, viewCount: viewCount, likeCount: likeCount,
          commentCount: commentCount, shareCount: likeCount / Int64(30 + random.next() % 51)))
      time -= Int64(3_600 + random.next() % 255_600)
    }
    return result
  }

  /// A tiny deterministic generator (64-bit LCG, high bits) so the catalog never changes.
  struct Generator {
    var state: UInt64

    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 17
    }
  }
}
