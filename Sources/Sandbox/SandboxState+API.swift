import Domain
import Foundation

extension SandboxState {
  /// The scope each `/v2/user/info/` field needs (TikTok's user info reference: each field belongs to one scope).
  static let userFieldScopes: [String: String] = [
    "open_id": "user.info.basic", "union_id": "user.info.basic", "avatar_url": "user.info.basic",
    "avatar_url_100": "user.info.basic", "avatar_large_url": "user.info.basic",
    "display_name": "user.info.basic", "bio_description": "user.info.profile",
    "profile_deep_link": "user.info.profile", "is_verified": "user.info.profile",
    "username": "user.info.profile", "follower_count": "user.info.stats",
    "following_count": "user.info.stats", "likes_count": "user.info.stats",
    "video_count": "user.info.stats",
  ]

  /// The fields `/v2/video/list/` can return (TikTok's video list reference).
  static let videoFields: Set<String> = [
    "id", "create_time", "cover_image_url", "share_url", "title", "video_description", "duration",
    "height", "width", "embed_html", "embed_link", "like_count", "comment_count", "share_count",
    "view_count",
  ]

  /// Where sandbox media "lives": a reserved domain that can never resolve.
  static let mediaHost = "https://sandbox.tiktok.invalid"

  /// The caller's live grant and account, or the 401/429 reply that ends the call.
  private mutating func authorizedCaller(
    _ http: HTTPRequest, endpoint: SandboxEndpoint, now: Date, logID: String
  ) -> Result<(grant: SandboxRecords.Grant, account: SandboxAccount), SandboxReply> {
    let invalid = SandboxReply.apiError(
      "access_token_invalid", "The access token is invalid or not found in the request.",
      logID: logID, status: 401)
    guard let header = http.header("Authorization"), header.count > 7,
      header.prefix(7).lowercased() == "bearer "
    else { return .failure(invalid) }
    let token = String(header.dropFirst(7))
    guard admit(endpoint, key: token, now: now) else {
      return .failure(Self.rateLimitReply(endpoint, logID: logID))
    }
    guard let (_, grant) = grant(forAccessToken: token, now: now),
      let account = account(grant.openID)
    else { return .failure(invalid) }
    return .success((grant, account))
  }

  /// The `fields` query parameter as a list without repeats, or nil when missing or empty.
  private static func fields(_ http: HTTPRequest) -> [String]? {
    guard let list = SandboxForm(query: http.query)?.only("fields") else { return nil }
    var seen = Set<String>()
    let fields = list.split(separator: ",").map(String.init).filter { seen.insert($0).inserted }
    return fields.isEmpty ? nil : fields
  }

  /// `GET /v2/user/info/`: the requested fields, each gated by its scope.
  mutating func userInfo(_ http: HTTPRequest, now: Date) -> SandboxReply {
    let logID = SandboxIssuer.logID(at: now)
    let caller: (grant: SandboxRecords.Grant, account: SandboxAccount)
    switch authorizedCaller(http, endpoint: .userInfo, now: now, logID: logID) {
    case .success(let found): caller = found
    case .failure(let reply): return reply
    }
    guard let fields = Self.fields(http) else {
      return .apiError(
        "invalid_params", "The fields parameter is required.", logID: logID, status: 400)
    }
    if let unknown = fields.first(where: { Self.userFieldScopes[$0] == nil }) {
      return .apiError("invalid_params", "Invalid field: \(unknown)", logID: logID, status: 400)
    }
    if let missing = fields.first(where: {
      !caller.grant.scopes.contains(Self.userFieldScopes[$0] ?? "")
    }) {
      return .apiError(
        "scope_permission_missed",
        "The field \(missing) needs a scope that was not granted: "
          + (Self.userFieldScopes[missing] ?? ""),
        logID: logID, status: 400)
    }
    let openID = openID(caller.grant)
    let user = fields.map { ($0, Self.userValue($0, of: caller.account, openID: openID)) }
    return .apiSuccess(.object([("user", .object(user))]), logID: logID)
  }

  /// `field` of `account`, whose open_id in the caller's app is `openID`.
  private static func userValue(_ field: String, of account: SandboxAccount, openID: String)
    -> SandboxJSON
  {
    let avatar = "\(mediaHost)/avatar/\(account.username)"
    switch field {
    case "open_id": return .string(openID)
    case "union_id": return .string(account.unionID)
    case "avatar_url": return .string(avatar + "~c5_168x168.jpeg")
    case "avatar_url_100": return .string(avatar + "~c5_100x100.jpeg")
    case "avatar_large_url": return .string(avatar + "~c5_1080x1080.jpeg")
    case "display_name": return .string(account.displayName)
    case "bio_description": return .string(account.bio)
    case "profile_deep_link": return .string("\(mediaHost)/@\(account.username)")
    case "is_verified": return .bool(account.isVerified)
    case "username": return .string(account.username)
    case "follower_count": return .int(account.followerCount)
    case "following_count": return .int(account.followingCount)
    case "likes_count": return .int(account.likesCount)
    case "video_count": return .int(account.videoCount)
    default: return .null
    }
  }

  /// `POST /v2/video/list/`: a page of public videos, newest first, older than `cursor` (ms).
  mutating func videoList(_ http: HTTPRequest, now: Date) -> SandboxReply {
    let logID = SandboxIssuer.logID(at: now)
    let invalidParams = { (text: String) in
      SandboxReply.apiError("invalid_params", text, logID: logID, status: 400)
    }
    let caller: (grant: SandboxRecords.Grant, account: SandboxAccount)
    switch authorizedCaller(http, endpoint: .videoList, now: now, logID: logID) {
    case .success(let found): caller = found
    case .failure(let reply): return reply
    }
    guard caller.grant.scopes.contains("video.list") else {
      return .apiError(
        "scope_not_authorized",
        "The user did not authorize the scope required for completing this request.",
        logID: logID, status: 401)
    }
    guard let fields = Self.fields(http) else {
      return invalidParams("The fields parameter is required.")
    }
    if let unknown = fields.first(where: { !Self.videoFields.contains($0) }) {
      return invalidParams("Invalid field: \(unknown)")
    }
    var cursor: Int64?
    var maxCount: Int64 = 10
    if !http.body.isEmpty {
      guard (http.header("Content-Type") ?? "").lowercased().hasPrefix("application/json"),
        let body = SandboxJSONParser.parse(http.body), case .object = body
      else { return invalidParams("The request body must be a JSON object.") }
      switch body["cursor"] {
      case nil, .null?: break
      case .int(let value)? where value >= 0: cursor = value
      default: return invalidParams("cursor must be a Unix time in milliseconds.")
      }
      switch body["max_count"] {
      case nil, .null?: break
      case .int(let value)? where (1...20).contains(value): maxCount = value
      default: return invalidParams("max_count must be an integer from 1 to 20.")
      }
    }
    let older = caller.account.videos.filter { cursor == nil || $0.createTime * 1000 < cursor ?? 0 }
    let page = older.prefix(Int(maxCount))
    let videos = page.map { video in
      SandboxJSON.object(
        fields.map { ($0, Self.videoValue($0, of: video, account: caller.account, now: now)) })
    }
    let nextCursor = page.last.map { $0.createTime * 1000 } ?? cursor ?? 0
    return .apiSuccess(
      .object([
        ("videos", .array(videos)), ("cursor", .int(nextCursor)),
        ("has_more", .bool(older.count > page.count)),
      ]), logID: logID)
  }

  private static func videoValue(
    _ field: String, of video: SandboxVideo, account: SandboxAccount, now: Date
  ) -> SandboxJSON {
    let share = "\(mediaHost)/@\(account.username)/video/\(video.id)"
    switch field {
    case "id": return .string(video.id)
    case "create_time": return .int(video.createTime)
    case "cover_image_url":
      // Cover links are signed for 6 hours on TikTok.
      let expires = Int64(now.timeIntervalSince1970) + 6 * 3600
      return .string("\(mediaHost)/cover/\(video.id).jpeg?x-expires=\(expires)")
    case "share_url": return .string(share)
    case "title": return .string(video.title)
    case "video_description": return .string(video.description)
    case "duration": return .int(video.duration)
    case "height": return .int(video.height)
    case "width": return .int(video.width)
    case "embed_html":
      return .string(
        "<blockquote class=\"tiktok-embed\" cite=\"\(share)\" data-video-id=\"\(video.id)\">"
          + "</blockquote>"
      )
    case "embed_link": return .string("\(mediaHost)/embed/v2/\(video.id)")
    case "like_count": return .int(video.likeCount)
    case "comment_count": return .int(video.commentCount)
    case "share_count": return .int(video.shareCount)
    case "view_count": return .int(video.viewCount)
    default: return .null
    }
  }
}
