import Foundation

/// One attempt under the lease: record it, send it, store what TikTok answered.
extension RefreshEngine {
  /// How an attempt ended for the run.
  enum Step {
    case finished(Result<Outcome, DomainError>)
    /// A transient failure with time left: try again at this moment (lease given up).
    case retry(at: Date)
    /// The lease was lost (the process was stopped past its end and another took over) or the
    /// stored token changed before the request left: nothing was sent; decide again.
    case overtaken
  }

  func attempt(_ run: inout Run, tokens: LeasedTokens, account: Account) async -> Step {
    let due = policy.isDue(account, at: clock())
    do {
      let marked = try store.markSending(
        run.openID, owner: run.owner, tokens: tokens, sender: processes.current,
        deadline: run.deadline, now: clock(), policy: policy)
      guard marked else { return .overtaken }
    } catch {
      try? store.releaseLease(run.openID, owner: run.owner)
      return .finished(.failure(error))
    }
    checkpoint(.sending)
    run.attempts += 1
    var result = await callKeepingLease(run, tokens: tokens)
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
        return .finished(.success(Outcome(token: token, account: stored)))
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
    _ = try? store.failRefresh(
      run.openID, owner: run.owner, generation: tokens.generation,
      failure: .transient(error, retryAt: retryAt), now: now)
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
  /// (a `Retry-After` wait, a stalled answer) keeps other processes waiting on the lease.
  /// Once a renewal fails (this process was stopped past the lease's end) renewing stops; the
  /// attempt recorded in flight, not the lease, then keeps the token from being sent again.
  private func callKeepingLease(_ run: Run, tokens: LeasedTokens) async
    -> Result<RotatedTokens, DomainError>
  {
    await withTaskGroup(of: Result<RotatedTokens, DomainError>?.self) { group in
      group.addTask { await refresher(tokens.refreshToken, run.deadline) }
      group.addTask {
        while !Task.isCancelled {
          await pause(policy.leaseDuration / 3)
          if Task.isCancelled { break }
          let until = clock().addingTimeInterval(policy.leaseDuration)
          guard (try? store.renewLease(run.openID, owner: run.owner, until: until)) == true else {
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
