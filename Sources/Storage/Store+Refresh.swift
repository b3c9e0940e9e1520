import Domain
import Foundation

extension Store: RefreshStore {
  public func beginRefresh(
    _ openID: String, owner: String, now clock: @autoclosure () -> Date, policy: RefreshPolicy,
    minimumValidity: TimeInterval, force: Bool, processes: any ProcessTable, deadline: Date
  ) throws(DomainError) -> RefreshStart {
    try keyedWrite { connection, sealer in
      // Read once the write lock is held: waiting for it must not shorten the lease.
      let now = clock()
      guard let account = try Self.account(openID, connection) else {
        return .unusable(.noSuchAccount(openID))
      }
      let row = try connection.query(
        "SELECT access_token, refresh_token, token_generation FROM accounts WHERE open_id = ?",
        [.text(openID)]
      ) { ($0.blob(0), $0.blob(1), $0.int64(2)) }.first
      let blobs = row.flatMap { row in row.0.flatMap { access in row.1.map { (access, $0) } } }
      let plan = RefreshPlan.precheck(
        account, hasTokens: blobs != nil, now: now, policy: policy,
        minimumValidity: minimumValidity, force: force)
      switch plan {
      case .unusable(let error): return .unusable(error)
      case .grantEnded: return .grantEnded(account, generation: row?.2 ?? 0)
      case .fresh, .refresh: break
      }
      // The precheck refuses an account without tokens: both are here.
      guard let row, let (accessBlob, refreshBlob) = blobs else {
        return .unusable(.noSuchAccount(openID))
      }
      if plan == .fresh {
        return .fresh(try sealer.open(accessBlob, openID: openID, field: .accessToken), account)
      }
      let refresh = try sealer.open(refreshBlob, openID: openID, field: .refreshToken)
      let (inFlight, lease) = try Self.refreshState(openID, connection)
      let decision = RefreshGate.decide(
        caller: owner, lease: lease, inFlight: inFlight,
        sender: inFlight.map { processes.state(of: $0.sender) },
        storedTokenHash: inFlight == nil ? nil : Self.tokenHash(refresh), now: now,
        usesLease: policy.usesLease)
      let interrupted: Bool
      switch decision {
      case .busy(let until): return .busy(until: until)
      case .inFlight(let attempt, let state): return .inFlight(attempt, state, account)
      case .proceed(let wasInterrupted): interrupted = wasInterrupted
      }
      // What a caller that cannot refresh now hands out while it still lasts.
      let current =
        account.accessExpiresAt > now
        ? try sealer.open(accessBlob, openID: openID, field: .accessToken) : nil
      if let until = RefreshPlan.waitUntil(
        endpointHold: try Self.hold(
          TikTokEndpoint.token.rawValue, app: account.app.clientKey, now: now, connection),
        account: account, now: now, force: force)
      {
        return .waiting(until: until, account, current: current)
      }
      let attempt = RefreshInFlight(
        sender: processes.current, owner: owner, tokenHash: Self.tokenHash(refresh),
        deadline: deadline)
      try Self.lease(
        openID, owner: owner, until: now.addingTimeInterval(policy.leaseDuration),
        attempt: policy.usesLease ? attempt : nil, connection)
      var leased = account
      leased.leaseUntil = now.addingTimeInterval(policy.leaseDuration)
      return .leased(
        LeasedTokens(
          refreshToken: refresh, generation: row.2, interrupted: interrupted,
          currentAccess: current),
        leased)
    }
  }

  public func completeRefresh(
    _ openID: String, owner: String, sent: LeasedTokens, tokens: RotatedTokens, now: Date
  ) throws(DomainError) -> (Account, Secret) {
    try keyedWrite { connection, sealer in
      guard let account = try Self.account(openID, connection) else {
        throw DomainError.noSuchAccount(openID)
      }
      let stored = try Self.storedRefreshToken(openID, connection, sealer)
      let matches = stored.map { ConstantTime.equals($0.reveal, sent.refreshToken.reveal) }
      guard RefreshGate.mayCommit(storedTokenMatches: matches ?? false, status: account.status)
      else {
        try Self.releaseLease(openID, owner: owner, connection)
        let blob = try connection.query(
          "SELECT access_token FROM accounts WHERE open_id = ?", [.text(openID)]
        ) { $0.blob(0) }.first
        guard let blob = blob ?? nil else {
          throw DomainError.needsReconnect(account: account.handle, reason: "no tokens are stored")
        }
        return (account, try sealer.open(blob, openID: openID, field: .accessToken))
      }
      let access = try sealer.seal(tokens.accessToken, openID: openID, field: .accessToken)
      let refresh = try tokens.refreshToken.map { token throws(DomainError) in
        try sealer.seal(token, openID: openID, field: .refreshToken)
      }
      try connection.run(
        """
        UPDATE accounts SET access_token = ?, refresh_token = coalesce(?, refresh_token),
          access_expires_at = ?, access_lifetime = ?,
          refresh_expires_at = coalesce(?, refresh_expires_at),
          granted_scopes = coalesce(?, granted_scopes), token_generation = token_generation + 1,
          status = 'active', status_reason = NULL, last_error = NULL, last_log_id = NULL,
          failure_count = 0, next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
          inflight_pid = NULL, inflight_start_time = NULL, inflight_owner = NULL,
          inflight_token_hash = NULL, inflight_deadline = NULL,
          last_refresh_at = ?, updated_at = ?
        WHERE open_id = ?
        """,
        [
          .blob(access), refresh.map(SQLValue.blob) ?? .null,
          .date(now.addingTimeInterval(tokens.accessLifetime)), .real(tokens.accessLifetime),
          .date(tokens.refreshLifetime.map { now.addingTimeInterval($0) }),
          .optional(tokens.grantedScopes.map(Scope.join)), .date(now), .date(now), .text(openID),
        ])
      guard let updated = try Self.account(openID, connection) else {
        throw DomainError.noSuchAccount(openID)
      }
      return (updated, tokens.accessToken)
    }
  }

  public func failRefresh(
    _ openID: String, owner: String, generation: Int64, failure: RefreshFailure, now: Date
  ) throws(DomainError) -> Account {
    try write { connection in
      let current = try connection.query(
        "SELECT token_generation, lease_owner, lease_until FROM accounts WHERE open_id = ?",
        [.text(openID)]
      ) { ($0.int64(0), $0.optionalText(1), $0.optionalDate(2)) }.first
      guard let current,
        RefreshPlan.mayRecordFailure(
          storedGeneration: current.0, failedGeneration: generation,
          lease: RefreshLease(owner: current.1, until: current.2), caller: owner, now: now)
      else {
        // A newer refresh stored other tokens, or another process is at work: this failure
        // is about tokens that no longer count.
        try Self.releaseLease(openID, owner: owner, connection)
        guard let account = try Self.account(openID, connection) else {
          throw DomainError.noSuchAccount(openID)
        }
        return account
      }
      switch failure {
      case .transient(let error, let retryAt):
        try connection.run(
          """
          UPDATE accounts SET status = 'error', last_error = ?, last_log_id = ?,
            failure_count = failure_count + 1, next_attempt_at = ?, updated_at = ?
          WHERE open_id = ? AND status IN ('active', 'error')
          """,
          [
            .text(error.message), .optional(error.logID), .date(retryAt), .date(now),
            .text(openID),
          ])
      case .grantDead(let error, let status, let reason):
        try connection.run(
          """
          UPDATE accounts SET status = ?, status_reason = ?, last_error = ?, last_log_id = ?,
            next_attempt_at = NULL, updated_at = ?
          WHERE open_id = ? AND status IN ('active', 'error')
          """,
          [
            .text(status.rawValue), .text(reason), .text(error.message),
            .optional(error.logID), .date(now), .text(openID),
          ])
      }
      try Self.releaseLease(openID, owner: owner, connection)
      guard let account = try Self.account(openID, connection) else {
        throw DomainError.noSuchAccount(openID)
      }
      return account
    }
  }

  public func releaseLease(_ openID: String, owner: String) throws(DomainError) {
    try write { connection in try Self.releaseLease(openID, owner: owner, connection) }
  }

  public func renewLease(_ openID: String, owner: String, until: Date) throws(DomainError) -> Bool {
    try write { connection in
      try connection.run(
        "UPDATE accounts SET lease_until = ? WHERE open_id = ? AND lease_owner = ?",
        [.date(until), .text(openID), .text(owner)]) == 1
    }
  }
}
