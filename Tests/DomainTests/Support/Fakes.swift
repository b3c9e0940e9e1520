import Domain
import Foundation
import Synchronization

/// A transport that answers from a script and records every request.
final class FakeTransport: HTTPTransport {
  private let script: Mutex<[Result<HTTPResponse, TransportFailure>]>
  private let sent = Mutex<[ClientRequest]>([])

  init(_ answers: [Result<HTTPResponse, TransportFailure>]) {
    script = Mutex(answers)
  }

  func send(_ request: ClientRequest) async -> Result<HTTPResponse, TransportFailure> {
    sent.withLock { $0.append(request) }
    return script.withLock { answers in
      answers.isEmpty ? .failure(.notSent("no scripted answer")) : answers.removeFirst()
    }
  }

  var requests: [ClientRequest] { sent.withLock { $0 } }
}

/// A clock whose sleeps return at once and move its time forward, recording each sleep.
final class TestClock: NetClock {
  private let state: Mutex<(now: Date, sleeps: [TimeInterval])>

  init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
    state = Mutex((start, []))
  }

  func now() -> Date { state.withLock { $0.now } }

  func sleep(for seconds: TimeInterval) async throws(DomainError) {
    state.withLock {
      $0.sleeps.append(seconds)
      $0.now = $0.now.addingTimeInterval(max(0, seconds))
    }
  }

  var sleeps: [TimeInterval] { state.withLock { $0.sleeps } }
}

/// A request log that keeps its entries in memory.
final class MemoryRequestLog: RequestLog {
  private let entries = Mutex<[RequestLogEntry]>([])
  func record(_ entry: RequestLogEntry) { entries.withLock { $0.append(entry) } }
  var all: [RequestLogEntry] { entries.withLock { $0 } }
}

/// Canned credentials, answers and a ready client for client tests.
enum Canned {
  static let credentials = ClientCredentials(
    clientKey: "aw7nk86b7czitwc9", clientSecret: Secret("s3cr3t-client-secret"))

  /// A JSON answer.
  static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = [])
    -> Result<HTTPResponse, TransportFailure>
  {
    .success(
      HTTPResponse(status: status, contentType: "application/json", text: text, headers: headers))
  }

  static let grantJSON = """
    {"access_token":"act.9db86c59!5259","expires_in":86400,"open_id":"afd97af1-b87b",
     "refresh_expires_in":31536000,"refresh_token":"rft.e10a897y!5294",
     "scope":"user.info.basic,video.list","token_type":"Bearer"}
    """

  /// A client on a fake transport with an instant clock and jitter pinned to `jitter`.
  static func client(
    _ transport: any HTTPTransport, clock: TestClock = TestClock(),
    log: any RequestLog = NoRequestLog(), jitter: Double = 1,
    retry: RetryPolicy = RetryPolicy(maximumAttempts: 4, backoff: Backoff(base: 1, maximum: 8))
  ) -> TikTokClient {
    TikTokClient(
      apiBaseURL: "https://open.tiktokapis.com/", credentials: credentials, transport: transport,
      log: log, limiter: RateLimiter(clock: clock), retry: retry, clock: clock,
      jitter: { jitter })
  }
}

/// Form fields of a request body, decoded (for asserting what was sent).
func formFields(_ request: ClientRequest) -> [String: String] {
  var fields: [String: String] = [:]
  for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, let name = FormEncoding.percentDecode(parts[0]),
      let value = FormEncoding.percentDecode(parts[1])
    else { continue }
    fields[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
  }
  return fields
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: TimeInterval = 10, _ condition: () -> Bool) async -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if condition() { return true }
    try? await Task.sleep(nanoseconds: 20_000_000)
  }
  return condition()
}

/// A process table that answers from a script: this "process" and the state of others by pid
/// (unknown pids are gone), so one test can play several processes.
struct ScriptedProcesses: ProcessTable {
  let current: ProcessIdentity
  var states: [Int32: ProcessState] = [:]

  init(pid: Int32, states: [Int32: ProcessState] = [:]) {
    current = ProcessIdentity(pid: pid, startTime: UInt64(pid) * 100)
    self.states = states
  }

  func state(of process: ProcessIdentity) -> ProcessState {
    guard process.startTime == UInt64(process.pid) * 100 else { return .gone }
    return states[process.pid] ?? .gone
  }
}
