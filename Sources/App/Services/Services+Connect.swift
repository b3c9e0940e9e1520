import Domain
import Foundation
import Storage

extension Services {
  /// Starts a browser sign-in through the profile's app: the attempt, and the callback listener on the redirect URI's
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
    let live = try connectingApp()
    let settings = AuthorizationSettings(
      clientKey: live.credentials.clientKey, authBaseURL: live.authBaseURL,
      scopes: live.app.scopes.value, challengeEncoding: .hex, timeout: timeout)
    return try BrowserSignIn.start(
      settings: settings, redirectURI: live.app.redirectURI.value,
      listen: configuration.listen, access: CallbackUsers.access(configuration),
      digest: OpenSSLDigest(), accountPageWait: accountPageWait, observer: observer)
  }
}
