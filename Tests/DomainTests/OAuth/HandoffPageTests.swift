import Domain
import Foundation
import Testing

@Suite("The handoff page $BROWSER opens instead of the authorize URL")
struct HandoffPageTests {
  @Test("it moves the browser on to the authorize URL at once and links there, the URL HTML-escaped")
  func forwards() {
    let url = "https://www.tiktok.com/v2/auth/authorize/?client_key=k&state=a\"b<c>&scope=x'y"
    let html = HandoffPage.html(authorizeURL: url)
    let escaped =
      "https://www.tiktok.com/v2/auth/authorize/?client_key=k&amp;state=a&quot;b&lt;c&gt;&amp;scope=x&#39;y"
    #expect(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=\(escaped)\">"))
    #expect(html.contains("<a id=\"continue\" href=\"\(escaped)\">"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("a\"b"))
  }
}
