import Foundation
import Synchronization

/// The loopback end of the browser flow: serves one attempt on a server bound to the redirect
/// URI's port on 127.0.0.1 (and ::1 for `localhost`), answers the allowed users' requests with
/// a short page (anyone else gets 403 unread), and feeds GETs for the right host into the
/// attempt. `BrowserSignIn.start` makes one when the port can be bound.
///
/// Invalid requests are answered and ignored; the first valid callback (or paste-back, through
/// `attempt.submit`) ends the attempt, after which the listener shuts itself down.
public final class CallbackListener: Sendable {
  /// What each request amounted to, reported to an optional observer (tests, diagnostics).
  /// The target may hold a code: count or compare it, never log or show it.
  public typealias Observer = @Sendable (_ target: String, _ verdict: CallbackVerdict) -> Void

  public let attempt: OAuthAttempt
  /// The port actually bound (the chosen one for a `*` redirect port).
  public let port: Int
  private let server: LoopbackServer
  private let handler: CallbackHandler

  /// Serves `attempt` on `server`, whose requests go through `slot` (answered "not ready"
  /// until now). `accountPageWait`: how long the success page waits for `reportConnected` so
  /// it can name the account (0: answer at once).
  init(
    server: LoopbackServer, slot: HandlerSlot, attempt: OAuthAttempt,
    accountPageWait: TimeInterval, observer: Observer?
  ) {
    self.server = server
    self.attempt = attempt
    port = server.port
    let authority = RedirectURI(attempt.redirectURI).map { uri -> String in
      switch uri.port {
      case .number(let number)?: "\(uri.host):\(number)"
      default: uri.host
      }
    }
    var hosts: Set<String> = ["127.0.0.1:\(server.port)", "localhost:\(server.port)"]
    if let authority { hosts.insert(authority.lowercased()) }
    let handler = CallbackHandler(
      attempt: attempt, allowedHosts: hosts, accountPageWait: accountPageWait, observer: observer)
    self.handler = handler
    slot.install(handler)
    attempt.onFinish { _ in handler.stopWhenIdle(server) }
  }

  /// Names the connected account on the success page still waiting in the browser.
  public func reportConnected(_ accountLabel: String) { handler.report(.connected(accountLabel)) }

  /// Says on the waiting success page that connecting failed after all.
  public func reportFailed(_ message: String) { handler.report(.notConnected(message)) }

  /// Stops listening now and cuts open connections; the attempt itself is left as it is.
  public func stop() { server.stop() }

  /// Lets the page the browser is waiting for (it may have waited for `reportConnected`) reach
  /// it before the process exits: returns once it is written, or after `timeout` seconds.
  public func finishAnswering(timeout: TimeInterval = 3) { server.waitUntilAnswered(timeout: timeout) }
}

/// Holds the handler from the moment the server exists (requests before it is installed are
/// answered "not ready").
final class HandlerSlot: Sendable {
  private let handler = Mutex<CallbackHandler?>(nil)

  func install(_ value: CallbackHandler) { handler.withLock { $0 = value } }

  func handle(_ request: HTTPRequest) -> HTTPResponse {
    guard let current = handler.withLock({ $0 }) else { return CallbackPage.refused(.notReady) }
    return current.handle(request)
  }
}

/// The per-request rules of the listener.
final class CallbackHandler: Sendable {
  enum Report {
    case connected(String)
    case notConnected(String)
  }

  private struct State {
    var inFlight = 0
    var lastAnswered = Date.distantPast
    var report: Report?
    var stopScheduled = false
  }

  let attempt: OAuthAttempt
  let allowedHosts: Set<String>
  let accountPageWait: TimeInterval
  let observer: CallbackListener.Observer?
  private let state = Mutex(State())
  private let reported = DispatchSemaphore(value: 0)

  init(
    attempt: OAuthAttempt, allowedHosts: Set<String>, accountPageWait: TimeInterval,
    observer: CallbackListener.Observer?
  ) {
    self.attempt = attempt
    self.allowedHosts = allowedHosts
    self.accountPageWait = accountPageWait
    self.observer = observer
  }

  func handle(_ request: HTTPRequest) -> HTTPResponse {
    state.withLock { $0.inFlight += 1 }
    defer {
      state.withLock {
        $0.inFlight -= 1
        $0.lastAnswered = Date()
      }
    }
    let verdict = judge(request)
    observer?(request.target, verdict)
    switch verdict {
    case .rejected(let rejection): return CallbackPage.refused(rejection)
    case .denied(let error, let description):
      return CallbackPage.denied(error: error, description: description)
    case .authorized:
      if accountPageWait > 0 { _ = reported.wait(timeout: .now() + accountPageWait) }
      switch state.withLock({ $0.report }) {
      case .connected(let label)?: return CallbackPage.connected(label)
      case .notConnected(let message)?: return CallbackPage.notConnected(message)
      case nil: return CallbackPage.received()
      }
    }
  }

  private func judge(_ request: HTTPRequest) -> CallbackVerdict {
    guard request.method == "GET" else { return .rejected(.wrongMethod) }
    guard let host = request.header("Host"), allowedHosts.contains(host.lowercased()) else {
      return .rejected(.wrongHost)
    }
    return attempt.submit(request.target)
  }

  func report(_ value: Report) {
    let first = state.withLock { state -> Bool in
      guard state.report == nil else { return false }
      state.report = value
      return true
    }
    if first { reported.signal() }
  }

  /// Stops the server once no request has been in the handler for a second: the final page
  /// may be waiting for `report`, and the last page needs a moment to reach the browser.
  func stopWhenIdle(_ server: LoopbackServer) {
    let first = state.withLock { state -> Bool in
      defer { state.stopScheduled = true }
      return !state.stopScheduled
    }
    guard first else { return }
    pollIdle(server)
  }

  private func pollIdle(_ server: LoopbackServer) {
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { [self] in
      let busy = state.withLock { $0.inFlight > 0 || Date().timeIntervalSince($0.lastAnswered) < 1 }
      if busy {
        pollIdle(server)
      } else {
        server.stop()
      }
    }
  }
}
