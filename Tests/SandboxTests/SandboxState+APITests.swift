import Foundation
import Sandbox
import Testing

/// `/v2/user/info/` decoded with strict types.
struct UserInfoBody: Decodable {
  struct User: Decodable {
    var open_id: String?
    var union_id: String?
    var display_name: String?
    var avatar_url: String?
    var username: String?
    var bio_description: String?
    var is_verified: Bool?
    var follower_count: Int64?
    var following_count: Int64?
    var likes_count: Int64?
    var video_count: Int64?
  }
  struct Data: Decodable { var user: User }
  var data: Data
  var error: APIErrorBody.Inner
}

/// `/v2/video/list/` decoded with strict types.
struct VideoListBody: Decodable {
  struct Video: Decodable {
    var id: String
    var create_time: Int64
    var title: String?
    var view_count: Int64?
  }
  struct Data: Decodable {
    var videos: [Video]
    var cursor: Int64
    var has_more: Bool
  }
  var data: Data
  var error: APIErrorBody.Inner
}

@Suite("User info and video list endpoints")
struct SandboxAPITests {
  let sandbox: SandboxHarness

  init() throws { sandbox = try SandboxHarness() }

  func expectAPIError(_ response: RawResponse, status: Int, code: String) {
    #expect(response.status == status)
    #expect(response.decode(APIErrorBody.self)?.error.code == code)
    #expect((response.object?["data"] as? [String: Any])?.isEmpty == true)
  }

  func videos(_ token: String, fields: String = "id,create_time,title,view_count", body: String)
    -> RawResponse
  {
    sandbox.postJSON("/v2/video/list/?fields=\(fields)", body, bearer: token)
  }

  @Test("user info answers the envelope with code ok, int64 counts and a boolean")
  func userInfo() throws {
    let tokens = try #require(sandbox.connect(account: "novastars"))
    let response = sandbox.userInfo(
      tokens.access_token,
      fields:
        "open_id,union_id,display_name,avatar_url,username,is_verified,follower_count,"
        + "following_count,likes_count,video_count"
    )
    #expect(response.status == 200)
    let body = try #require(response.decode(UserInfoBody.self))
    #expect(body.error.code == "ok" && body.error.message == "" && !body.error.log_id.isEmpty)
    #expect(body.data.user.open_id == tokens.open_id)
    #expect(body.data.user.display_name == "Nova ✨ Stars")
    #expect(body.data.user.is_verified == true)
    #expect(body.data.user.follower_count == 48_200_000)
    #expect(body.data.user.likes_count == 1_200_000_000)
    #expect(body.data.user.video_count == 140)
    #expect(response.text.contains("\"is_verified\":true"))
    #expect(response.text.contains("\"likes_count\":1200000000"))
  }

  @Test("only the requested fields come back")
  func onlyRequested() throws {
    let tokens = try #require(sandbox.connect())
    let user =
      (sandbox.userInfo(tokens.access_token, fields: "display_name").object?["data"]
      as? [String: Any])?["user"] as? [String: Any]
    #expect(user?.keys.sorted() == ["display_name"])
  }

  @Test("hostile names arrive raw, JSON-escaped, for the client to sanitise")
  func hostileRaw() throws {
    let tokens = try #require(sandbox.connect(account: "glitch_kid"))
    let response = sandbox.userInfo(tokens.access_token, fields: "display_name,bio_description")
    #expect(response.text.contains("\\u001b]0;pwned\\u0007"))
    let body = try #require(response.decode(UserInfoBody.self))
    #expect(body.data.user.display_name == SandboxCatalog.account("glitch_kid")?.displayName)
  }

  @Test("a field without its scope gives 400 scope_permission_missed")
  func scopeGating() throws {
    let tokens = try #require(sandbox.connect(granted: ["user.info.basic"]))
    #expect(tokens.scope == "user.info.basic")
    expectAPIError(
      sandbox.userInfo(tokens.access_token, fields: "open_id,username"), status: 400,
      code: "scope_permission_missed")
    expectAPIError(
      sandbox.userInfo(tokens.access_token, fields: "follower_count"), status: 400,
      code: "scope_permission_missed")
    #expect(sandbox.userInfo(tokens.access_token, fields: "open_id,avatar_url_100").status == 200)
  }

  @Test("fields are required and must be known")
  func fieldsRequired() throws {
    let tokens = try #require(sandbox.connect())
    expectAPIError(
      sandbox.get("/v2/user/info/", headers: [("Authorization", "Bearer \(tokens.access_token)")]),
      status: 400, code: "invalid_params")
    expectAPIError(
      sandbox.userInfo(tokens.access_token, fields: "open_id,password"), status: 400,
      code: "invalid_params")
  }

  @Test("a missing, unknown or expired token gives 401 access_token_invalid")
  func badTokens() throws {
    let tokens = try #require(sandbox.connect())
    expectAPIError(
      sandbox.get("/v2/user/info/?fields=open_id"), status: 401, code: "access_token_invalid")
    expectAPIError(
      sandbox.userInfo("act.bogus!1234", fields: "open_id"), status: 401,
      code: "access_token_invalid")
    expectAPIError(
      sandbox.userInfo(tokens.refresh_token, fields: "open_id"), status: 401,
      code: "access_token_invalid")
    sandbox.server.advanceClock(by: 7201)
    expectAPIError(
      sandbox.userInfo(tokens.access_token, fields: "open_id"), status: 401,
      code: "access_token_invalid")
  }

  @Test("user info takes GET only and needs its trailing slash")
  func methodAndPath() throws {
    let tokens = try #require(sandbox.connect())
    #expect(
      sandbox.postJSON("/v2/user/info/?fields=open_id", "{}", bearer: tokens.access_token).status
        == 405)
    #expect(
      sandbox.get(
        "/v2/user/info?fields=open_id",
        headers: [("Authorization", "Bearer \(tokens.access_token)")]
      ).status == 404)
  }

  @Test("video list without the video.list scope gives 401 scope_not_authorized")
  func videoScope() throws {
    let tokens = try #require(sandbox.connect(granted: ["user.info.basic"]))
    expectAPIError(
      videos(tokens.access_token, body: "{}"), status: 401, code: "scope_not_authorized")
  }

  @Test("paging with cursor and has_more walks every video once, newest first")
  func paging() throws {
    let tokens = try #require(sandbox.connect(account: "novastars"))
    var seen: [VideoListBody.Video] = []
    var cursor: Int64?
    var pages = 0
    while pages < 20 {
      let body = cursor.map { "{\"cursor\":\($0),\"max_count\":20}" } ?? "{\"max_count\":20}"
      let page = try #require(videos(tokens.access_token, body: body).decode(VideoListBody.self))
      #expect(page.error.code == "ok")
      seen += page.data.videos
      pages += 1
      #expect(page.data.videos.count <= 20)
      guard page.data.has_more else { break }
      cursor = page.data.cursor
    }
    let expected = try #require(SandboxCatalog.account("novastars")).videos
    #expect(seen.map(\.id) == expected.map(\.id))
    #expect(pages == 7)
    #expect(seen.first?.view_count == expected.first?.viewCount)
    #expect(seen.first.map { Int64($0.create_time) } == expected.first?.createTime)
  }

  @Test("max_count defaults to 10 and the cursor is the last video's time in milliseconds")
  func defaults() throws {
    let tokens = try #require(sandbox.connect())
    let page = try #require(videos(tokens.access_token, body: "").decode(VideoListBody.self))
    #expect(page.data.videos.count == 10)
    #expect(page.data.has_more)
    #expect(page.data.cursor == (page.data.videos.last?.create_time ?? 0) * 1000)
  }

  @Test(
    "max_count above 20, below 1 or of the wrong type gives 400 invalid_params",
    arguments: [
      "{\"max_count\":21}", "{\"max_count\":0}", "{\"max_count\":\"5\"}", "{\"cursor\":\"1\"}",
      "{\"cursor\":true}", "[1]", "{bad",
    ])
  func badBodies(body: String) throws {
    let tokens = try #require(sandbox.connect())
    expectAPIError(videos(tokens.access_token, body: body), status: 400, code: "invalid_params")
  }

  @Test("video list needs fields, and an account without videos has an empty last page")
  func emptyAccount() throws {
    let tokens = try #require(sandbox.connect(account: "glitch_kid"))
    expectAPIError(
      sandbox.postJSON("/v2/video/list/", "{}", bearer: tokens.access_token), status: 400,
      code: "invalid_params")
    let page = try #require(videos(tokens.access_token, body: "{}").decode(VideoListBody.self))
    #expect(page.data.videos.isEmpty)
    #expect(page.data.has_more == false)
  }

  @Test("every documented video field is served with its type")
  func allFields() throws {
    let tokens = try #require(sandbox.connect(account: "zalgo.zoe"))
    let fields =
      "id,create_time,cover_image_url,share_url,title,video_description,duration,height,width,"
      + "embed_html,embed_link,like_count,comment_count,share_count,view_count"
    let data =
      videos(tokens.access_token, fields: fields, body: "{\"max_count\":1}").object?["data"]
      as? [String: Any]
    let video = try #require((data?["videos"] as? [[String: Any]])?.first)
    #expect(Set(video.keys) == Set(fields.split(separator: ",").map(String.init)))
    #expect(video["id"] is String)
    #expect(video["title"] as? String == SandboxCatalog.account("zalgo.zoe")?.videos.first?.title)
    for numeric in [
      "create_time", "duration", "height", "width", "like_count", "comment_count", "share_count",
      "view_count",
    ] {
      #expect(video[numeric] is NSNumber && !(video[numeric] is String), "\(numeric)")
    }
  }
}
