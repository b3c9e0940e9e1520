import Domain
import Foundation
import Testing

@Suite("TikTok client: QR code login calls")
struct TikTokClientQRTests {
  @Test("get_qrcode sends client_key, scope and state and returns the template and token")
  func getQRCode() async throws {
    let body = """
      {"scan_qrcode_url":
         "aweme://authorize?authType=100&client_key=k&client_ticket=tobefilled&scope=a",
       "token":"VJ5JCKGJGRSWNMFWHQH4W5NKY943Q97D"}
      """
    let transport = FakeTransport([Canned.json(200, body)])
    let ticket = try await Canned.client(transport).qrCode(
      scopes: ["user.info.basic", "video.list"], state: "S")
    #expect(ticket.token == Secret("VJ5JCKGJGRSWNMFWHQH4W5NKY943Q97D"))
    #expect(ticket.scanURLTemplate.contains("client_ticket=tobefilled"))
    let request = try #require(transport.requests.first)
    #expect(request.url.hasSuffix("/v2/oauth/get_qrcode/"))
    #expect(
      formFields(request) == [
        "client_key": "aw7nk86b7czitwc9", "scope": "user.info.basic,video.list", "state": "S",
      ])
  }

  @Test("check_qrcode reads redirect_uri first and tolerates a data wrapper")
  func checkQRCode() async throws {
    let body = """
      {"data":{"client_ticket":"T","status":"confirmed",
       "redirect_uri":"https://a.example/cb/?code=C&state=S","code":"other","state":"S"}}
      """
    let transport = FakeTransport([Canned.json(200, body)])
    let check = try await Canned.client(transport).checkQRCode(token: Secret("tok"))
    #expect(
      check
        == QRCheck(
          status: "confirmed", clientTicket: "T",
          codeCarrier: Secret("https://a.example/cb/?code=C&state=S"), state: "S"))
    #expect(
      formFields(try #require(transport.requests.first))["client_secret"] == "s3cr3t-client-secret")
  }

  @Test("check_qrcode is never retried inside the client")
  func checkNotRetried() async {
    let transport = FakeTransport([
      Canned.json(503, "{}"), Canned.json(200, "{\"status\":\"new\"}"),
    ])
    await #expect(throws: DomainError.self) {
      _ = try await Canned.client(transport).checkQRCode(token: Secret("tok"))
    }
    #expect(transport.requests.count == 1)
  }

  @Test("a QR error in the flat OAuth shape is reported")
  func qrError() async {
    let transport = FakeTransport([
      Canned.json(200, "{\"error\":\"invalid_client\",\"error_description\":\"no\"}")
    ])
    do {
      _ = try await Canned.client(transport).checkQRCode(token: Secret("tok"))
      Issue.record("expected an error")
    } catch {
      #expect(error == .tikTok(TikTokError(code: "invalid_client", message: "no", httpStatus: 200)))
    }
  }
}
