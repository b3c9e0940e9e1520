/// What the loopback pages (the callback page, the browser handoff, the sandbox's pages) share.
public enum HTML {
  /// `& < > " '` escaped: safe inside HTML text and attribute values. Sanitising untrusted text
  /// first is the caller's business (form values must come back unchanged).
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
