import Domain
import Foundation
import Testing

@Suite("TikTok client: user info and video list")
struct TikTokClientDisplayTests {
  let token = Secret("act.display!1")
  let allScopes = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"]

  static let userJSON = """
    {"data":{"user":{"open_id":"723f24d7","union_id":"c9c60f44","display_name":"Tik\\u001b[2JToker",
     "username":"tiktoker","bio_description":"hi\\u0007","is_verified":true,"follower_count":12,
     "following_count":3,"likes_count":400,"video_count":9}},
     "error":{"code":"ok","message":"","log_id":"20220829194722CBE87ED59D524E727021"}}
    """

  @Test("user info asks only for the fields the granted scopes allow")
  func fieldsFromScopes() async throws {
    let transport = FakeTransport([Canned.json(200, Self.userJSON)])
    _ = try await Canned.client(transport).userInfo(
      accessToken: token, grantedScopes: ["video.list", "user.info.basic"])
    let request = try #require(transport.requests.first)
    #expect(request.method == "GET")
    #expect(
      request.url
        == "https://open.tiktokapis.com/v2/user/info/"
        + "?fields=open_id%2Cunion_id%2Cavatar_url%2Cdisplay_name"
    )
    #expect(request.header("Authorization") == "Bearer act.display!1")
  }

  @Test("every scope's fields are asked for when all are granted")
  func allFields() {
    #expect(
      UserField.fields(for: allScopes) == [
        "open_id", "union_id", "avatar_url", "display_name", "bio_description",
        "profile_deep_link", "is_verified", "username", "follower_count", "following_count",
        "likes_count", "video_count",
      ])
  }

  @Test("without user.info.basic no request is made")
  func noBasicScope() async {
    let transport = FakeTransport([])
    await #expect(throws: DomainError.self) {
      _ = try await Canned.client(transport).userInfo(
        accessToken: token, grantedScopes: ["video.list"])
    }
    #expect(transport.requests.isEmpty)
  }

  @Test("the profile is decoded and its text sanitised")
  func decodesProfile() async throws {
    let transport = FakeTransport([Canned.json(200, Self.userJSON)])
    let profile = try await Canned.client(transport).userInfo(
      accessToken: token, grantedScopes: allScopes)
    #expect(profile.openID == "723f24d7")
    #expect(profile.displayName == "TikToker")
    #expect(profile.bio == "hi")
    #expect(profile.username == "tiktoker")
    #expect(profile.isVerified)
    #expect(profile.stats == AccountStats(followers: 12, following: 3, likes: 400, videos: 9))
  }

  @Test("a Display API error becomes a TikTok error with its log_id")
  func displayError() async {
    let body = """
      {"data":{},"error":{"code":"access_token_invalid","message":"Access token is invalid",
       "log_id":"L1"}}
      """
    let transport = FakeTransport([Canned.json(401, body)])
    do {
      _ = try await Canned.client(transport).userInfo(accessToken: token, grantedScopes: allScopes)
      Issue.record("expected an error")
    } catch {
      #expect(
        error
          == .tikTok(
            TikTokError(
              code: "access_token_invalid", message: "Access token is invalid", logID: "L1",
              httpStatus: 401)))
    }
  }

  @Test("a read is retried on 5xx with exponential backoff, then succeeds")
  func retriesServerErrors() async throws {
    let clock = TestClock()
    let failure = Canned.json(
      503, "{\"data\":{},\"error\":{\"code\":\"internal_error\",\"message\":\"\"}}")
    let transport = FakeTransport([failure, failure, Canned.json(200, Self.userJSON)])
    let profile = try await Canned.client(transport, clock: clock).userInfo(
      accessToken: token, grantedScopes: allScopes)
    #expect(profile.openID == "723f24d7")
    #expect(clock.sleeps == [1, 2])
  }

  @Test("a read gives up after the bounded attempts with TikTok's error")
  func boundedAttempts() async {
    let clock = TestClock()
    let failure = Canned.json(
      500, "{\"data\":{},\"error\":{\"code\":\"internal_error\",\"message\":\"x\"}}")
    let transport = FakeTransport(Array(repeating: failure, count: 10))
    do {
      _ = try await Canned.client(transport, clock: clock).userInfo(
        accessToken: token, grantedScopes: allScopes)
      Issue.record("expected an error")
    } catch {
      guard case .tikTok(let tikTok) = error else {
        Issue.record("expected a TikTok error")
        return
      }
      #expect(tikTok.code == "internal_error")
    }
    #expect(transport.requests.count == 4)
    #expect(clock.sleeps == [1, 2, 4])
  }

  @Test("a read is retried after a network failure or a timeout")
  func retriesNetwork() async throws {
    let transport = FakeTransport([
      .failure(.interrupted("reset")), .failure(.timedOut), Canned.json(200, Self.userJSON),
    ])
    _ = try await Canned.client(transport).userInfo(accessToken: token, grantedScopes: allScopes)
    #expect(transport.requests.count == 3)
  }

  @Test("a read that keeps timing out ends as timed out")
  func timesOut() async {
    let transport = FakeTransport(Array(repeating: .failure(.timedOut), count: 4))
    do {
      _ = try await Canned.client(transport).userInfo(accessToken: token, grantedScopes: allScopes)
      Issue.record("expected a timeout")
    } catch {
      #expect(error == .timedOut("the call to /v2/user/info/"))
    }
  }

  @Test("a 429 pauses the endpoint's bucket and the retry comes no earlier than Retry-After")
  func rateLimitPausesBucket() async throws {
    let clock = TestClock()
    let transport = FakeTransport([
      Canned.json(
        429, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}", headers: [("Retry-After", "3")]),
      Canned.json(200, Self.userJSON),
    ])
    let started = clock.now()
    _ = try await Canned.client(transport, clock: clock).userInfo(
      accessToken: token, grantedScopes: allScopes)
    #expect(clock.now().timeIntervalSince(started) >= 3)
  }

  static let pageJSON = """
    {"data":{"videos":[{"id":"7080213458555737986","title":"video\\u001b]0;x\\u0007 1",
     "create_time":1643332803,"view_count":1200,"like_count":5}],
     "cursor":1643332803000,"has_more":true},"error":{"code":"ok","message":"","log_id":"L"}}
    """

  @Test("a video page is requested as JSON with fields in the query and decoded")
  func videoPage() async throws {
    let transport = FakeTransport([Canned.json(200, Self.pageJSON)])
    let page = try await Canned.client(transport).videos(
      accessToken: token, cursor: 1_643_332_900_000, maxCount: 50)
    let request = try #require(transport.requests.first)
    #expect(request.method == "POST")
    #expect(
      request.url.hasPrefix(
        "https://open.tiktokapis.com/v2/video/list/?fields=id%2Ctitle%2Ccreate_time"))
    #expect(request.header("Content-Type") == "application/json")
    let body = try #require(JSONValue.parse(request.body)?.object)
    #expect(body["max_count"] == .integer(20))
    #expect(body["cursor"] == .integer(1_643_332_900_000))
    #expect(page.hasMore)
    #expect(page.cursor == 1_643_332_803_000)
    #expect(
      page.videos == [
        Video(
          id: "7080213458555737986", title: "video 1",
          createdAt: Date(timeIntervalSince1970: 1_643_332_803), views: 1200, likes: 5)
      ])
  }

  @Test("paging follows the returned cursor until has_more is false")
  func paging() async throws {
    let last = """
      {"data":{"videos":[],"cursor":0,"has_more":false},"error":{"code":"ok"}}
      """
    let transport = FakeTransport([Canned.json(200, Self.pageJSON), Canned.json(200, last)])
    let client = Canned.client(transport)
    var cursor: Int64?
    var pages = 0
    repeat {
      let page = try await client.videos(accessToken: token, cursor: cursor)
      pages += 1
      cursor = page.hasMore ? page.cursor : nil
    } while cursor != nil && pages < 5
    #expect(pages == 2)
    let second = try #require(JSONValue.parse(transport.requests[1].body)?.object)
    #expect(second["cursor"] == .integer(1_643_332_803_000))
  }

  @Test(
    "video pages with wrong types or absurd numbers are rejected",
    arguments: [
      "{'videos':[{'id':'1','create_time':1,'view_count':'12'}]}",
      "{'videos':[{'id':'1','create_time':99999999999}]}",
      "{'videos':[{'id':'1','create_time':1,'like_count':-4}]}",
      "{'videos':[{'id':7,'create_time':1}]}", "{'videos':{}}", "{'videos':[],'has_more':1}",
      "{'videos':['x']}", "",
    ])
  func malformedPages(data: String) async {
    let body =
      data.isEmpty
      ? "{\"error\":{\"code\":\"ok\"}}"
      : "{\"data\":\(data.replacingOccurrences(of: "'", with: "\"")),\"error\":{\"code\":\"ok\"}}"
    let transport = FakeTransport([Canned.json(200, body)])
    do {
      _ = try await Canned.client(transport).videos(accessToken: token)
      Issue.record("expected malformedResponse")
    } catch {
      guard case .malformedResponse = error else {
        Issue.record("expected malformedResponse, got \(error)")
        return
      }
    }
  }
}
