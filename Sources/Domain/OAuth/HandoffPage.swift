/// The local page handed to `$BROWSER` in place of the authorize URL, which carries the state
/// and PKCE challenge and so must never be in a program's arguments (`ps` shows them to every
/// user). The page sends the browser on to TikTok at once, and links there in case it does not.
public enum HandoffPage {
  /// The page for `authorizeURL`, HTML-escaped (no script: a meta refresh does the move).
  public static func html(authorizeURL: String) -> String {
    let url = CallbackPage.escape(authorizeURL)
    return """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="refresh" content="0; url=\(url)">
      <meta name="referrer" content="no-referrer">
      <title>tractok: opening TikTok</title></head>
      <body><p>Opening TikTok's authorization page&hellip;
      <a id="continue" href="\(url)">Continue to TikTok</a></p></body></html>

      """
  }
}
