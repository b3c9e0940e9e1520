import Domain

/// HTML building blocks for the sandbox's pages: escaping and the shared page frame.
enum SandboxHTML {
  /// Escapes text the sandbox itself chose (or must carry back unchanged, like form values).
  static func escape(_ text: String) -> String { HTML.escape(text) }

  /// Untrusted text (names, bios) for display: sanitised like everywhere else, then escaped.
  static func untrusted(_ text: String) -> String { escape(UntrustedText.sanitize(text)) }

  /// A hidden form field carrying `value` back unchanged.
  static func hidden(_ name: String, _ value: String) -> String {
    "<input type=\"hidden\" name=\"\(escape(name))\" value=\"\(escape(value))\">"
  }

  /// Up to two initials for an avatar, from the sanitised display name.
  static func initials(_ name: String) -> String {
    let words = UntrustedText.sanitize(name).split(separator: " ")
    let letters = words.prefix(2).compactMap(\.first).map { String($0).uppercased() }
    return escape(letters.isEmpty ? "?" : letters.joined())
  }

  /// A stable avatar colour per account.
  static func color(for key: String) -> String {
    let hues = ["#e8505b", "#14b1ab", "#f9a03f", "#6c5ce7", "#2d98da", "#20bf6b", "#eb3b5a"]
    let sum = key.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
    return hues[sum % hues.count]
  }

  /// The page frame: a centred card, inline styles only (the page must work offline).
  static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title)) · tractok sandbox</title>
    <style>
    body{font-family:system-ui,sans-serif;background:#f1f1f2;color:#161823;margin:0;padding:24px}
    main{max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:24px 28px;
    box-shadow:0 2px 12px rgba(0,0,0,.08)}
    h1{font-size:22px;margin:0 0 8px} .note{color:#6b6d76;font-size:13px}
    fieldset{border:1px solid #e3e3e4;border-radius:8px;margin:16px 0;padding:8px 12px}
    label.account{display:flex;align-items:center;gap:10px;padding:6px 0;cursor:pointer}
    .avatar{width:36px;height:36px;border-radius:50%;color:#fff;display:inline-flex;
    align-items:center;justify-content:center;font-weight:600;flex:none}
    .handle{color:#6b6d76} .badge{color:#20d5ec}
    button{font-size:15px;padding:10px 18px;border-radius:6px;border:1px solid #ccc;
    background:#fff;cursor:pointer;margin-right:8px} button.primary{background:#fe2c55;
    color:#fff;border-color:#fe2c55} code,pre{background:#f6f6f7;padding:2px 4px;border-radius:4px}
    pre{padding:10px;overflow-x:auto} table{border-collapse:collapse;width:100%}
    td,th{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;font-size:14px}
    </style></head>
    <body><main>
    <p class="note">tractok sandbox: a local stand-in for TikTok. Nothing here is real.</p>
    \(body)
    </main></body></html>
    """
  }

  /// One account as a radio choice: avatar initials, display name, @username.
  static func accountChoice(_ account: SandboxAccount, checked: Bool) -> String {
    let verified = account.isVerified ? " <span class=\"badge\" title=\"verified\">✔</span>" : ""
    return """
      <label class="account"><input type="radio" name="account" value="\(escape(account.openID))"\
      \(checked ? " checked" : "")>\
      <span class="avatar" style="background:\(color(for: account.openID))">\
      \(initials(account.displayName))</span>\
      <span><b>\(untrusted(account.displayName))</b>\(verified)<br>\
      <span class="handle">@\(untrusted(account.username))</span></span></label>
      """
  }
}
