/// The one parser for TikTok's redirect, shared by the loopback listener and paste-back.
///
/// Input: a full URL, a path with its query, or only the query (`?code=...` or `code=...`),
/// possibly wrapped in whitespace or quotes from a paste. The query is decoded exactly once.
///
/// `+` stays a plus. TikTok's redirect is a URL (RFC 3986), not an HTML form, so `+` carries no
/// "space" meaning; TikTok's codes never contain spaces but may hold symbols (`*`, `!`), and
/// reading `+` as a space would hand the token endpoint a different code. The only exception is
/// `error_description`, shown to the user, where `+` reads better as a space. `*` and `!` may
/// arrive raw or percent-encoded; both decode to the same code. A value still holding a `%XX`
/// escape after decoding was encoded twice and is refused rather than guessed at.
public enum CallbackParser {
  /// Inputs longer than this are not callbacks (same as the listener's head limit).
  public static let maximumLength = 8192
  public static let maximumParameters = 32

  /// Parameters that never belong in an authorization callback: their presence means a
  /// confused or malicious link, so the whole callback is refused.
  static let suspicious: Set<String> = [
    "access_token", "refresh_token", "id_token", "token", "code_verifier", "code_challenge",
    "client_secret", "client_key", "client_id", "redirect_uri", "response_type", "grant_type",
  ]
  static let known: Set<String> = ["code", "state", "scopes", "error", "error_description"]

  /// The verdict on `input` for an attempt with `expectedState` whose redirect URI has
  /// `redirectPath` (an empty path means `/`).
  public static func parse(_ input: String, expectedState: String, redirectPath: String)
    -> CallbackVerdict
  {
    let text = unwrap(input)
    guard !text.isEmpty else { return .rejected(.empty) }
    guard text.utf8.count <= maximumLength else { return .rejected(.tooLong) }
    guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      return .rejected(.invalidCharacters)
    }
    let (path, query) = split(text)
    if let path, path != (redirectPath.isEmpty ? "/" : redirectPath) {
      return .rejected(.wrongPath)
    }
    let parameters: [String: String]
    switch decode(query ?? "") {
    case .success(let decoded): parameters = decoded
    case .failure(let rejection): return .rejected(rejection)
    }
    let code = parameters["code"]
    let error = parameters["error"]
    if code != nil && error != nil { return .rejected(.codeAndError) }
    guard let state = parameters["state"] else {
      return .rejected(code == nil && error == nil ? .missingCodeOrError : .missingState)
    }
    guard ConstantTime.equals(state, expectedState) else { return .rejected(.stateMismatch) }
    if let error {
      let description = parameters["error_description"] ?? ""
      return .denied(
        error: UntrustedText.sanitize(error), description: UntrustedText.sanitize(description))
    }
    guard let code else { return .rejected(.missingCodeOrError) }
    return .authorized(code: Secret(code), grantedScopes: parameters["scopes"].map(Scope.parse))
  }

  /// Strips surrounding whitespace and one pair of matching quotes or angle brackets.
  static func unwrap(_ input: String) -> String {
    var text = input.trimmingWhitespace()
    let pairs: [(Character, Character)] = [("\"", "\""), ("'", "'"), ("<", ">"), ("`", "`")]
    for (open, close) in pairs where text.count >= 2 && text.first == open && text.last == close {
      text = text.dropFirst().dropLast().trimmingWhitespace()
      break
    }
    return text
  }

  /// Splits into the path (nil when the input is only a query) and the query, dropping a
  /// fragment. `https://host/p?q`, `host:port/p?q`, `/p?q`, `?q` and `q` are all understood.
  static func split(_ text: String) -> (path: String?, query: String?) {
    var rest = Substring(text)
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    let beforeQuery = rest[..<(rest.firstIndex(of: "?") ?? rest.endIndex)]
    let query = rest.firstIndex(of: "?").map { String(rest[rest.index(after: $0)...]) }
    if let scheme = beforeQuery.range(of: "://"), isScheme(beforeQuery[..<scheme.lowerBound]) {
      let afterScheme = beforeQuery[scheme.upperBound...]
      let path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
      return (path, query)
    }
    if beforeQuery.hasPrefix("/") { return (String(beforeQuery), query) }
    if beforeQuery.isEmpty { return (nil, query) }
    guard let query else { return (nil, String(beforeQuery)) }
    // A URL without its scheme (`127.0.0.1:8723/callback/?...`).
    let path = beforeQuery.firstIndex(of: "/").map { String(beforeQuery[$0...]) } ?? "/"
    return (path, query)
  }

  /// RFC 3986 `scheme`: a letter, then letters, digits, `+`, `-` or `.`.
  private static func isScheme(_ text: Substring) -> Bool {
    guard let first = text.unicodeScalars.first,
      ("a"..."z").contains(first) || ("A"..."Z").contains(first)
    else { return false }
    return text.unicodeScalars.allSatisfy { scalar in
      ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "+" || scalar == "-" || scalar == "."
    }
  }

  /// Decodes every parameter once and applies the structural rules.
  static func decode(_ query: String) -> Result<[String: String], CallbackRejection> {
    let pairs = query.split(separator: "&", omittingEmptySubsequences: true)
    guard pairs.count <= maximumParameters else { return .failure(.tooManyParameters) }
    var parameters: [String: String] = [:]
    for pair in pairs {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let rawName = parts.first, let nameBytes = FormEncoding.percentDecode(rawName) else {
        return .failure(.invalidEncoding("a parameter's name"))
      }
      let name = String(decoding: nameBytes, as: UTF8.self)
      let label = known.contains(name) || suspicious.contains(name) ? name : "unrecognised"
      guard let valueBytes = FormEncoding.percentDecode(parts.count > 1 ? parts[1] : "") else {
        return .failure(.invalidEncoding(label))
      }
      if suspicious.contains(name) { return .failure(.unexpected(name)) }
      guard known.contains(name) else { continue }
      guard parameters[name] == nil else { return .failure(.duplicate(name)) }
      switch value(valueBytes, for: name) {
      case .success(let text): parameters[name] = text
      case .failure(let rejection): return .failure(rejection)
      }
    }
    return .success(parameters)
  }

  /// Checks one decoded value: opaque values are printable ASCII without spaces and never
  /// hold a second layer of escapes; the description only has to be UTF-8.
  private static func value(_ bytes: [UInt8], for name: String) -> Result<String, CallbackRejection>
  {
    if name == "error_description" {
      let spaced = bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
      guard let text = String(validating: spaced, as: UTF8.self) else {
        return .failure(.invalidEncoding(name))
      }
      return .success(text)
    }
    if bytes.isEmpty && name != "scopes" { return .failure(.emptyValue(name)) }
    guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      return .failure(.invalidValue(name))
    }
    if FormEncoding.containsEscape(bytes) { return .failure(.doubleEncoded(name)) }
    return .success(String(decoding: bytes, as: UTF8.self))
  }
}
