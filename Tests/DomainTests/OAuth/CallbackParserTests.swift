import Domain
import Testing

@Suite("Callback parser")
struct CallbackParserTests {
  static let state = "Zk3qT0u1Zk3qT0u1Zk3qT0u1Zk3qT0u1Zk3qT0u1Zk0"
  static let path = "/callback/"

  private func parse(_ input: String) -> CallbackVerdict {
    CallbackParser.parse(input, expectedState: Self.state, redirectPath: Self.path)
  }

  private func authorized(_ code: String, scopes: [String]? = nil) -> CallbackVerdict {
    .authorized(code: Secret(code), grantedScopes: scopes)
  }

  @Test("a full callback URL gives the code and the granted scopes")
  func fullURL() {
    let url =
      "http://127.0.0.1:8723/callback/?code=wFPH5D*0!6410&scopes=user.info.basic,video.list"
      + "&state=\(Self.state)"
    #expect(parse(url) == authorized("wFPH5D*0!6410", scopes: ["user.info.basic", "video.list"]))
  }

  @Test(
    "every paste form gives the same verdict",
    arguments: [
      "http://127.0.0.1:8723/callback/?code=C*1&state=\(state)",
      "  http://localhost:8723/callback/?code=C*1&state=\(state)\n",
      "\"http://127.0.0.1:8723/callback/?code=C*1&state=\(state)\"",
      "'/callback/?code=C*1&state=\(state)'",
      "<http://127.0.0.1:8723/callback/?code=C*1&state=\(state)#_=_>",
      "127.0.0.1:8723/callback/?code=C*1&state=\(state)",
      "/callback/?code=C*1&state=\(state)",
      "?code=C*1&state=\(state)",
      "code=C*1&state=\(state)",
      "\tstate=\(state)&code=C%2A1 ",
      "code=C%2a1&state=\(state)&",
    ])
  func pasteForms(input: String) {
    #expect(parse(input) == authorized("C*1"))
  }

  @Test("star and bang decode to the same code raw or encoded; plus stays a plus")
  func symbols() {
    #expect(parse("code=a%2A%21b&state=\(Self.state)") == authorized("a*!b"))
    #expect(parse("code=a*!b&state=\(Self.state)") == authorized("a*!b"))
    #expect(parse("code=a+b&state=\(Self.state)") == authorized("a+b"))
    #expect(parse("code=a%2Bb&state=\(Self.state)") == authorized("a+b"))
  }

  @Test("an error with our state is a denial with its sanitised description")
  func denial() {
    let input =
      "/callback/?error=access_denied&error_description=User+cancelled%1B%5B31m+login"
      + "&state=\(Self.state)"
    #expect(parse(input) == .denied(error: "access_denied", description: "User cancelled login"))
  }

  @Test(
    "malformed callbacks are refused with the reason",
    arguments: [
      ("", CallbackRejection.empty),
      ("   ", .empty),
      ("code=abc&state=WRONG", .stateMismatch),
      ("code=abc&state=\(state)x", .stateMismatch),
      ("code=abc", .missingState),
      ("error=access_denied", .missingState),
      ("state=\(state)", .missingCodeOrError),
      ("code=a&code=b&state=\(state)", .duplicate("code")),
      ("code=a&state=\(state)&state=\(state)", .duplicate("state")),
      ("code=&state=\(state)", .emptyValue("code")),
      ("code&state=\(state)", .emptyValue("code")),
      ("code=a&state=", .emptyValue("state")),
      ("code=a&error=x&state=\(state)", .codeAndError),
      ("code=a&state=\(state)&access_token=x", .unexpected("access_token")),
      ("code=a&state=\(state)&redirect_uri=http://evil", .unexpected("redirect_uri")),
      ("code=%252A&state=\(state)", .doubleEncoded("code")),
      ("code=a%2541&state=\(state)", .doubleEncoded("code")),
      ("code=a%G1&state=\(state)", .invalidEncoding("code")),
      ("code=a%&state=\(state)", .invalidEncoding("code")),
      ("x=%zz&code=a&state=\(state)", .invalidEncoding("unrecognised")),
      ("code=a%00b&state=\(state)", .invalidValue("code")),
      ("code=a%0Ab&state=\(state)", .invalidValue("code")),
      ("code=a%20b&state=\(state)", .invalidValue("code")),
      ("code=%C3%A9&state=\(state)", .invalidValue("code")),
      ("code=a\u{7}b&state=\(state)", .invalidCharacters),
      ("code=a b&state=\(state)", .invalidCharacters),
      ("code=é&state=\(state)", .invalidCharacters),
      ("http://127.0.0.1:8723/other/?code=a&state=\(state)", .wrongPath),
      ("/callback?code=a&state=\(state)", .wrongPath),
      ("/CALLBACK/?code=a&state=\(state)", .wrongPath),
      ("/callback/x?code=a&state=\(state)", .wrongPath),
      ("error_description=x%FF&error=e&state=\(state)", .invalidEncoding("error_description")),
      (String(repeating: "a=1&", count: 40) + "code=a&state=\(state)", .tooManyParameters),
      ("code=" + String(repeating: "a", count: 9000) + "&state=\(state)", .tooLong),
    ])
  func rejections(input: String, rejection: CallbackRejection) {
    #expect(parse(input) == .rejected(rejection))
  }

  @Test("unknown harmless parameters are ignored")
  func ignoresUnknown() {
    #expect(parse("code=a&state=\(Self.state)&utm_source=x") == authorized("a"))
  }

  @Test("an empty redirect path means /")
  func emptyRedirectPath() {
    let verdict = CallbackParser.parse(
      "http://127.0.0.1:9000/?code=a&state=\(Self.state)", expectedState: Self.state,
      redirectPath: "")
    #expect(verdict == authorized("a"))
  }

  @Test("rejection messages never quote the values")
  func messagesCarryNoValues() {
    let verdict = parse("code=SECRETCODE%252A&state=\(Self.state)")
    guard case .rejected(let rejection) = verdict else {
      Issue.record("expected a rejection")
      return
    }
    #expect(!rejection.message.contains("SECRETCODE"))
  }
}
