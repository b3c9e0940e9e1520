import Foundation
import Synchronization

/// What an authorization attempt needs besides its redirect URI.
public struct AuthorizationSettings: Equatable, Sendable {
  public var clientKey: String
  /// Where `/v2/auth/authorize/` lives (`https://www.tiktok.com`).
  public var authBaseURL: String
  public var scopes: [String]
  public var challengeEncoding: PKCE.ChallengeEncoding
  /// How long the attempt waits for a callback before it ends as timed out.
  public var timeout: TimeInterval

  public init(
    clientKey: String, authBaseURL: String, scopes: [String],
    challengeEncoding: PKCE.ChallengeEncoding = .hex, timeout: TimeInterval = 300
  ) {
    self.clientKey = clientKey
    self.authBaseURL = authBaseURL
    self.scopes = scopes
    self.challengeEncoding = challengeEncoding
    self.timeout = timeout
  }
}

/// A verified callback: everything the token exchange needs.
public struct AuthorizedCallback: Equatable, Sendable {
  public var code: Secret
  /// The exact redirect URI of the authorize request, to send again at the exchange.
  public var redirectURI: String
  public var codeVerifier: Secret
  public var requestedScopes: [String]
  /// The callback's `scopes`; nil when TikTok did not list them.
  public var grantedScopes: [String]?
}

/// Where an attempt stands.
public enum AttemptOutcome: Equatable, Sendable {
  case waiting
  case authorized(AuthorizedCallback)
  /// Denied by TikTok or the user, timed out or cancelled.
  case failed(DomainError)
}

/// One browser authorization: fresh `state` and PKCE verifier, the authorize URL, and the
/// single place callbacks from the listener and from paste-back are judged. The first final
/// verdict wins; the attempt is never reused.
public final class OAuthAttempt: Sendable {
  private struct State {
    var outcome = AttemptOutcome.waiting
    var waiters: [CheckedContinuation<AttemptOutcome, Never>] = []
    var observers: [@Sendable (AttemptOutcome) -> Void] = []
    /// Whether the observers of the end have run: waiters hear of the end only then.
    var settled = false
  }

  /// The CSRF value: 32 random bytes, base64url (256 bits).
  public let state: String
  public let pkce: PKCE
  /// The concrete redirect URI (no `*` port), sent in the authorize URL and at the exchange.
  public let redirectURI: String
  public let redirectPath: String
  public let scopes: [String]
  public let authorizeURL: String
  private let status = Mutex(State())

  /// Starts an attempt and its timeout. `redirectURI` must be concrete.
  public init(settings: AuthorizationSettings, redirectURI: String, digest: any SHA256Digest) {
    state = RandomToken.urlSafe(byteCount: 32)
    pkce = PKCE.generate(encoding: settings.challengeEncoding, digest: digest)
    self.redirectURI = redirectURI
    redirectPath = RedirectURI(redirectURI)?.path ?? "/"
    scopes = settings.scopes
    authorizeURL = Self.authorizeURL(
      settings: settings, redirectURI: redirectURI, state: state, challenge: pkce.challenge)
    let timeout = settings.timeout
    DispatchQueue.global().asyncAfter(deadline: .now() + max(timeout, 0)) { [weak self] in
      self?.finish(
        .failed(.timedOut("the wait for TikTok's redirect (\(Int(timeout.rounded(.up))) s)")))
    }
  }

  /// `{authBase}/v2/auth/authorize/?client_key=...&...&disable_auto_auth=1`, strictly encoded.
  static func authorizeURL(
    settings: AuthorizationSettings, redirectURI: String, state: String, challenge: String
  ) -> String {
    var base = settings.authBaseURL
    while base.hasSuffix("/") { base.removeLast() }
    let query = FormEncoding.encode([
      ("client_key", settings.clientKey), ("response_type", "code"),
      ("scope", Scope.join(settings.scopes)), ("redirect_uri", redirectURI), ("state", state),
      ("code_challenge", challenge), ("code_challenge_method", PKCE.method),
      ("disable_auto_auth", "1"),
    ])
    return "\(base)/v2/auth/authorize/?\(query)"
  }

  /// Judges a callback URL, path+query or query (from the listener or pasted). A final
  /// verdict ends the attempt; after that every submission is refused.
  @discardableResult
  public func submit(_ input: String) -> CallbackVerdict {
    guard outcome == .waiting else { return .rejected(.attemptFinished) }
    let verdict = CallbackParser.parse(input, expectedState: state, redirectPath: redirectPath)
    switch verdict {
    case .rejected: return verdict
    case .authorized(let code, let granted):
      let callback = AuthorizedCallback(
        code: code, redirectURI: redirectURI, codeVerifier: pkce.verifier,
        requestedScopes: scopes, grantedScopes: granted)
      return finish(.authorized(callback)) ? verdict : .rejected(.attemptFinished)
    case .denied(let error, let description):
      let failure = DomainError.authorizationDenied(code: error, description: description)
      return finish(.failed(failure)) ? verdict : .rejected(.attemptFinished)
    }
  }

  /// Where the attempt stands now (for polling from the UI loop).
  public var outcome: AttemptOutcome { status.withLock { $0.outcome } }

  /// Waits for the end: the verified callback, or why there is none. Cancelling the waiting
  /// task cancels the attempt.
  public func result() async throws(DomainError) -> AuthorizedCallback {
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let done = status.withLock { state -> AttemptOutcome? in
          guard state.settled else {
            state.waiters.append(continuation)
            return nil
          }
          return state.outcome
        }
        if let done { continuation.resume(returning: done) }
      }
    } onCancel: {
      cancel()
    }
    switch outcome {
    case .authorized(let callback): return callback
    case .failed(let error): throw error
    case .waiting: throw .cancelled
    }
  }

  /// Ends a waiting attempt as cancelled (Esc, Ctrl-C).
  public func cancel() { finish(.failed(.cancelled)) }

  /// Calls `observer` once when the attempt ends (at once if it already has).
  public func onFinish(_ observer: @escaping @Sendable (AttemptOutcome) -> Void) {
    let done = status.withLock { state -> AttemptOutcome? in
      guard state.outcome == .waiting else { return state.outcome }
      state.observers.append(observer)
      return nil
    }
    if let done { observer(done) }
  }

  /// Moves from waiting to `outcome`; false when the attempt had already ended.
  @discardableResult
  private func finish(_ outcome: AttemptOutcome) -> Bool {
    let observers = status.withLock { state -> [@Sendable (AttemptOutcome) -> Void]? in
      guard state.outcome == .waiting else { return nil }
      state.outcome = outcome
      defer { state.observers = [] }
      return state.observers
    }
    guard let observers else { return false }
    // Observers first: a waiter resumed may end the process (Ctrl-C), and what the observers
    // clean up (the browser's handoff page) must be gone by then; a waiter that comes while
    // they run waits for them too.
    for observer in observers { observer(outcome) }
    let waiters = status.withLock { state in
      state.settled = true
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume(returning: outcome) }
    return true
  }
}
