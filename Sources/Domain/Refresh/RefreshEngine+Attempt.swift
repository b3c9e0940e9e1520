import Foundation
import Synchronization

/// One attempt under the lease (recorded in flight when it was taken): send it, store what
/// TikTok answered.
extension RefreshEngine {
  /// How an attempt ended for the run.
  enum Step {
    case finished(Result<ValidToken, DomainError>)
    /// A transient failure with time left: try again at this moment (lease given up).
    case retry(at: Date)
    /// A send was refused (the lease's renewal failed, or the attempt recorded in flight is no
    /// longer this one): nothing TikTok acted on was sent; decide again.
    case sendRefused
  }

  func attempt(_ run: inout Run, tokens: LeasedTokens, account: Account) async -> Step {
    let due = policy.isDue(account, at: clock())
    run.attempts += 1
    let gate = SendGate()
    var result = await callKeepingLease(run, tokens: tokens, app: account.app, gate: gate)
    if gate.refused {
      // Nothing went out after the refusal, and what went out before (a 429, a request that
      // never left) was not acted on: give the lease up and decide again.
      try? store.releaseLease(run.openID, owner: run.owner)
      return .sendRefused
    }
    checkpoint(.answered)
    if case .success(let rotated) = result, let mismatch = rotated.mismatch(for: run.openID) {
      result = .failure(mismatch)
    }
    let now = clock()
    switch result {
    case .success(let rotated):
      // Stored even when the deadline has passed: TikTok has rotated the token, so this pair is
      // the only one that still works.
      do {
        let (stored, token) = try store.completeRefresh(
          run.openID, owner: run.owner, sent: tokens, tokens: rotated, now: now)
        return .finished(.success(ValidToken(token: token, account: stored)))
      } catch {
        return .finished(.failure(error))
      }
    case .failure(let error):
      return failed(&run, error: error, tokens: tokens, account: account, due: due, now: now)
    }
  }

  /// `due` is false for a refresh the user asked for while the token was still good: its
  /// transient failure is reported, not recorded as the account's error.
  private func failed(
    _ run: inout Run, error: DomainError, tokens: LeasedTokens, account: Account, due: Bool,
    now: Date
  ) -> Step {
    // Stopped (SIGTERM to `watch`, Ctrl-C) with the request perhaps out: record nothing and keep
    // the attempt in flight, so that once this process has ended the next refresh knows the
    // token may have been rotated. The process is on its way out.
    if error == .cancelled { return .finished(.failure(error)) }
    let interrupted = tokens.interrupted || run.answerLost
    if let dead = RefreshGate.deadGrant(error, interrupted: interrupted) {
      return .finished(
        failGrant(
          run.openID, owner: run.owner, generation: tokens.generation, error: error,
          reason: dead.reason, status: dead.status, now: now))
    }
    run.lastError = error
    if Self.answerLost(error) { run.answerLost = true }
    if let at = retry.next(
      after: error, attempt: run.attempts - 1, now: now, deadline: run.deadline, unit: jitter())
    {
      try? store.releaseLease(run.openID, owner: run.owner)
      return .retry(at: at)
    }
    var retryAt = now.addingTimeInterval(backoff(account.failureCount + 1))
    // The client has shared TikTok's wait with every process; this account waits too.
    if case .rateLimited(let until) = error { retryAt = max(retryAt, until) }
    guard due else {
      try? store.releaseLease(run.openID, owner: run.owner)
      return .finished(.failure(error))
    }
    let stored = try? store.failRefresh(
      run.openID, owner: run.owner, generation: tokens.generation,
      failure: .transient(error, retryAt: retryAt), now: now)
    // The refresh came due but failed: a stored token that still lasts as long as the caller
    // needs is handed out, as the next call during the backoff would.
    if !run.force, let current = tokens.currentAccess,
      account.accessExpiresAt.timeIntervalSince(now) >= max(run.minimumValidity, 1)
    {
      return .finished(.success(ValidToken(token: current, account: stored ?? account)))
    }
    return .finished(.failure(error))
  }

  /// Whether the failure may have come after TikTok acted on the request (no answer arrived).
  static func answerLost(_ error: DomainError) -> Bool {
    switch error {
    case .network, .timedOut: true
    default: false
    }
  }

  /// Calls TikTok while renewing the lease every third of its length, so that a slow call
  /// (a `Retry-After` wait, a stalled answer) keeps other processes waiting on the lease. Right
  /// before each request leaves, the gate asks whether the token may still be presented: not
  /// once a renewal failed, nor when the attempt recorded in flight is no longer this one.
  private func callKeepingLease(
    _ run: Run, tokens: LeasedTokens, app: AppGrant, gate: SendGate
  ) async -> Result<RotatedTokens, DomainError> {
    let request = RefreshRequest(
      app: app, refreshToken: tokens.refreshToken, deadline: run.deadline,
      maySend: { [store, policy, checkpoint] in
        let allowed =
          !gate.renewalFailed
          && (try? store.maySend(run.openID, owner: run.owner, policy: policy)) == true
        guard allowed else {
          gate.refuse()
          return false
        }
        if gate.firstSend() { checkpoint(.sending) }
        return true
      })
    return await withTaskGroup(of: Result<RotatedTokens, DomainError>?.self) { group in
      group.addTask { await refresher(request) }
      group.addTask {
        while !Task.isCancelled {
          await pause(policy.leaseDuration / 3)
          if Task.isCancelled { break }
          let until = clock().addingTimeInterval(policy.leaseDuration)
          guard (try? store.renewLease(run.openID, owner: run.owner, until: until)) == true else {
            gate.renewalFailedNow()
            break
          }
        }
        return nil
      }
      var answer: Result<RotatedTokens, DomainError> = .failure(.cancelled)
      for await finished in group {
        guard let finished else { continue }
        answer = finished
        group.cancelAll()
      }
      return answer
    }
  }
}

/// What one attempt's sends were allowed: whether the lease's renewal failed, whether a send
/// was refused, whether the first send has happened.
final class SendGate: Sendable {
  private struct State {
    var renewalFailed = false
    var refused = false
    var sent = false
  }
  private let state = Mutex(State())

  var renewalFailed: Bool { state.withLock { $0.renewalFailed } }
  var refused: Bool { state.withLock { $0.refused } }

  func renewalFailedNow() { state.withLock { $0.renewalFailed = true } }
  func refuse() { state.withLock { $0.refused = true } }

  /// True the first time only.
  func firstSend() -> Bool {
    state.withLock { state in
      defer { state.sent = true }
      return !state.sent
    }
  }
}
