/// What a callback (from the browser or pasted) amounts to.
public enum CallbackVerdict: Equatable, Sendable {
  /// TikTok sent a code for our `state`; `grantedScopes` is the callback's `scopes`, if any.
  case authorized(code: Secret, grantedScopes: [String]?)
  /// TikTok reported an error for our `state` (the user cancelled, the app is misconfigured).
  case denied(error: String, description: String)
  /// Not a valid callback for this attempt; it changes nothing.
  case rejected(CallbackRejection)

  /// Whether the verdict ends the attempt (a verified code or a verified error).
  public var isFinal: Bool {
    if case .rejected = self { return false }
    return true
  }
}

/// Why a callback was refused. Messages never quote a value (a value may be a code).
public enum CallbackRejection: Error, Equatable, Sendable {
  case empty
  case tooLong
  /// Spaces, control bytes or non-ASCII in the URL itself.
  case invalidCharacters
  case wrongPath
  case tooManyParameters
  /// A `%` escape is broken (`%G1`, a trailing `%`) or decodes to invalid UTF-8.
  case invalidEncoding(String)
  /// A decoded value holds spaces, control bytes or non-ASCII.
  case invalidValue(String)
  /// A decoded value still holds a `%XX` escape: the URL was encoded twice.
  case doubleEncoded(String)
  case duplicate(String)
  case emptyValue(String)
  /// A parameter that has no business in a callback (a token, a secret, a redirect).
  case unexpected(String)
  case codeAndError
  case missingCodeOrError
  case missingState
  case stateMismatch
  /// The attempt already ended (a callback was accepted, it timed out or was cancelled).
  case attemptFinished
  /// Listener only: not a GET.
  case wrongMethod
  /// Listener only: the `Host` header is not the loopback name and port it serves.
  case wrongHost
  /// Listener only: the attempt is not set up yet.
  case notReady

  /// One sentence for the user and the browser page.
  public var message: String {
    switch self {
    case .empty: "nothing was pasted"
    case .tooLong: "the URL is too long to be a TikTok callback"
    case .invalidCharacters: "the URL contains spaces, control characters or non-ASCII characters"
    case .wrongPath: "the URL's path is not the redirect URI's path"
    case .tooManyParameters: "the URL has too many parameters"
    case .invalidEncoding(let name): "the \(name) parameter has broken percent-encoding"
    case .invalidValue(let name): "the \(name) parameter contains characters a callback never has"
    case .doubleEncoded(let name):
      "the \(name) parameter is percent-encoded twice; paste the URL as the browser shows it"
    case .duplicate(let name): "the \(name) parameter appears more than once"
    case .emptyValue(let name): "the \(name) parameter is empty"
    case .unexpected(let name): "the URL carries an unexpected \(name) parameter"
    case .codeAndError: "the URL has both a code and an error"
    case .missingCodeOrError: "the URL has neither a code nor an error"
    case .missingState: "the URL has no state parameter, so it cannot be verified"
    case .stateMismatch: "the state does not match this sign-in (an old or foreign link)"
    case .attemptFinished: "this sign-in has already finished"
    case .wrongMethod: "only GET requests are answered"
    case .wrongHost: "the request was not addressed to this listener"
    case .notReady: "the listener is not ready yet"
    }
  }
}
