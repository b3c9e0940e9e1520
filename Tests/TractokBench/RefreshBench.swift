import Domain
import Foundation
import Storage

/// B5: refreshes every account of the profile in TRACTOK_HOME through the real engine, store
/// and TikTok client against the sandbox at TIKTOK_API_BASE_URL, `concurrency` at a time.
///
/// The client's token bucket is lifted: it keeps tractok under TikTok's 600 requests a minute
/// (B6 measures that), which would otherwise be all this measures.
enum RefreshBench {
  /// A limiter that never makes a caller wait.
  static func unlimited() -> RateLimiter {
    RateLimiter(limit: RateLimit(capacity: 1e9, refillPerSecond: 1e9))
  }

  static func run(concurrency: Int, environment: [String: String]) async throws -> BenchReport {
    let configuration = Configuration.from(environment: environment)
    let (app, credentials) = try environmentApp(configuration, for: "refresh")
    let store = try openStore(configuration)
    let client = TikTokClient(
      apiBaseURL: app.apiBaseURL.value, credentials: credentials,
      transport: HTTPClientTransport(tls: OpenSSLTLS()), limiter: unlimited())
    let engine = RefreshEngine(
      store: store, policy: RefreshPolicy(),
      refresher: { request in await client.refreshTokens(request) },
      backoff: { _ in 30 })
    let openIDs = try store.accounts(profile: FixtureBench.profile).map(\.openID)
    let startWall = monotonicSeconds()
    let startCPU = processCPUSeconds()
    var failures: [String] = []
    await withTaskGroup(of: String?.self) { group in
      var next = 0
      func add() {
        guard next < openIDs.count else { return }
        let openID = openIDs[next]
        next += 1
        group.addTask {
          if case .failure(let error) = await engine.refresh(openID) { return error.message }
          return nil
        }
      }
      for _ in 0..<concurrency { add() }
      for await failure in group {
        if let failure { failures.append(failure) }
        add()
      }
    }
    var report = BenchReport()
    report["accounts"] = openIDs.count
    report["failed"] = failures.count
    report["first_failure"] = failures.first ?? ""
    report["seconds"] = monotonicSeconds() - startWall
    report["cpu_seconds"] = processCPUSeconds() - startCPU
    report["concurrency"] = concurrency
    return report
  }
}
