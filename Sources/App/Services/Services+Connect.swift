import Domain
import Storage
import Foundation

extension Services {
  /// Settings for a browser or paste-back attempt against the current backend.
  func authorizationSettings(timeout: TimeInterval) throws(DomainError) -> AuthorizationSettings {
    let backend = try tikTok()
    return AuthorizationSettings(
      clientKey: backend.credentials.clientKey, authBaseURL: backend.authBaseURL,
      scopes: configuration.scopes, challengeEncoding: .hex, timeout: timeout)
  }

  /// Starts a browser sign-in: the attempt, and the callback listener on the redirect URI's
  /// port when it can be bound (paste-back needs none). The browser's success page waits up to
  /// `accountPageWait` seconds to name the account; `onRefused` hears of callbacks on the
  /// redirect path that were refused (a wrong state, an error without state), so the user
  /// learns why nothing happens.
  func startSignIn(
    timeout: TimeInterval, accountPageWait: TimeInterval = 10,
    onRefused: (@Sendable (CallbackRejection) -> Void)? = nil
  ) throws(DomainError) -> BrowserSignIn {
    var observer: CallbackListener.Observer?
    if let onRefused {
      observer = { (_: String, verdict: CallbackVerdict) in
        guard case .rejected(let reason) = verdict else { return }
        switch reason {
        // Favicons, stray requests and finished attempts are not the user's callback.
        case .wrongPath, .wrongMethod, .wrongHost, .notReady, .attemptFinished: return
        default: onRefused(reason)
        }
      }
    }
    return try BrowserSignIn.start(
      settings: authorizationSettings(timeout: timeout), redirectURI: configuration.redirectURI,
      listen: configuration.listen, access: CallbackUsers.access(configuration),
      digest: OpenSSLDigest(), accountPageWait: accountPageWait, observer: observer)
  }
}
