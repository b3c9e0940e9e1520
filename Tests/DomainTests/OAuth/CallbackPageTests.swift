import Domain
import Testing

@Suite("Callback pages")
struct CallbackPageTests {
  private func text(_ response: HTTPResponse) -> String {
    String(decoding: response.body, as: UTF8.self)
  }

  @Test("text is sanitised and HTML-escaped")
  func escapes() {
    #expect(
      CallbackPage.escape("<b>\"Tik\" & 'Tok'</b>\u{1B}[2J")
        == "&lt;b&gt;&quot;Tik&quot; &amp; &#39;Tok&#39;&lt;/b&gt;")
  }

  @Test("pages are self-contained and forbid scripts, framing and referrers")
  func headers() {
    let page = CallbackPage.received()
    #expect(
      page.header("Content-Security-Policy") == "default-src 'none'; style-src 'unsafe-inline'")
    #expect(page.header("Referrer-Policy") == "no-referrer")
    #expect(page.header("Cache-Control") == "no-store")
    #expect(!text(page).contains("<script"))
    #expect(!text(page).contains("http"))
  }

  @Test("refusals carry their reason and a fitting status")
  func refusals() {
    #expect(CallbackPage.refused(.stateMismatch).status == 400)
    #expect(text(CallbackPage.refused(.stateMismatch)).contains("state does not match"))
    #expect(CallbackPage.refused(.wrongMethod).header("Allow") == "GET")
    #expect(CallbackPage.refused(.attemptFinished).status == 409)
  }
}
