import Foundation

/// One sign-in finished in a browser: the attempt (state, PKCE, authorize URL, and the checks
/// every callback goes through) and, when the redirect URI's port could be bound, the loopback
/// listener that feeds it. Paste-back needs only the attempt, so a port held by another
/// program (a colleague's tractok, another of one's own) costs the browser's way back, never
/// the sign-in.
public struct BrowserSignIn: Sendable {
  public let attempt: OAuthAttempt
  /// The listener on the redirect URI's port; nil when it could not be bound.
  public let listener: CallbackListener?
  /// Why there is no listener; nil when there is one.
  public let listenerProblem: ListenerProblem?

  /// Starts an attempt and, if its port can be bound, its listener.
  ///
  /// - Parameters:
  ///   - redirectURI: the registered URI (`http://127.0.0.1:*/callback/` allowed).
  ///   - listen: `TRACTOK_LISTEN` when the listener's address differs from the redirect URI.
  ///   - access: whose connections are read (the current user, plus `TRACTOK_CALLBACK_USERS`).
  ///   - accountPageWait: how long the success page waits for `reportConnected` so it can name
  ///     the account (0: answer at once).
  /// - Throws: only for a configuration that cannot work at all (an unparseable redirect URI,
  ///   a bad `TRACTOK_LISTEN`, a redirect URI that is not loopback without one).
  public static func start(
    settings: AuthorizationSettings, redirectURI: String, listen: String? = nil,
    access: LoopbackAccess = .currentUser(), digest: any SHA256Digest,
    limits: LoopbackServer.Limits = LoopbackServer.Limits(),
    accountPageWait: TimeInterval = 10, observer: CallbackListener.Observer? = nil
  ) throws(DomainError) -> BrowserSignIn {
    guard let redirect = RedirectURI(redirectURI) else {
      throw .failed(RedirectURI.unparseableProblem(redirectURI))
    }
    let address: ListenAddress
    switch listen.map(ListenAddress.parse) ?? ListenAddress.implied(by: redirect) {
    case .success(let parsed): address = parsed
    case .failure(let error): throw error
    }
    let slot = HandlerSlot()
    var server: LoopbackServer?
    var problem: ListenerProblem?
    do {
      server = try LoopbackServer(
        port: address.port, interfaces: address.interfaces, access: access, limits: limits
      ) { slot.handle($0) }
    } catch LoopbackServerError.addressInUse(let interface, let port) {
      problem = .inUse(interface, port: port)
    } catch LoopbackServerError.socketFailed(let text) {
      problem = .failed(text)
    } catch {
      problem = .failed("\(error)")
    }
    // A `*` port becomes the port actually bound: the browser must come back to it. With
    // nothing bound it still needs a number; any will do, as only the address the browser
    // lands on matters to paste-back.
    let port = server?.port ?? (address.port != 0 ? address.port : Int.random(in: 49152...65535))
    let attempt = OAuthAttempt(
      settings: settings, redirectURI: redirect.withPort(port), digest: digest)
    let listener = server.map {
      CallbackListener(
        server: $0, slot: slot, attempt: attempt, accountPageWait: accountPageWait,
        observer: observer)
    }
    return BrowserSignIn(attempt: attempt, listener: listener, listenerProblem: problem)
  }

  /// Ends the attempt as cancelled and closes the listener, if any.
  public func cancel() {
    attempt.cancel()
    listener?.stop()
  }
}
