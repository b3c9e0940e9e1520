import Foundation
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The live transport: URLSession, no cookies, no cache, no redirects, a capped body, and a
/// hard deadline per call.
///
/// URLSession's own timeouts restart whenever a byte arrives, so a server trickling its body
/// would never time out; each call therefore races a timer that ends it at its deadline.
public final class URLSessionTransport: HTTPTransport {
  /// The largest body accepted; TikTok's answers are a few kilobytes.
  public let maximumBodyBytes: Int
  private let session: URLSession
  private let tasks: TaskTable

  public init(maximumBodyBytes: Int = 1 << 20) {
    self.maximumBodyBytes = maximumBodyBytes
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpCookieAcceptPolicy = .never
    configuration.httpShouldSetCookies = false
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let table = TaskTable()
    tasks = table
    session = URLSession(configuration: configuration, delegate: table, delegateQueue: nil)
  }

  deinit { session.invalidateAndCancel() }

  public func send(_ request: ClientRequest) async -> Result<HTTPResponse, TransportFailure> {
    guard let url = URL(string: request.url), url.scheme == "https" || url.scheme == "http" else {
      return .failure(.notSent("invalid URL"))
    }
    var urlRequest = URLRequest(url: url)
    urlRequest.httpMethod = request.method
    urlRequest.timeoutInterval = max(request.timeout, 0.001)
    for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
    if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
    let task = RunningTask(session.dataTask(with: urlRequest))
    let id = task.task.taskIdentifier
    let limit = maximumBodyBytes
    let table = tasks
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        table.register(id, continuation: continuation, limit: limit, task: task)
        // Task ids are never reused within a session, so a timer firing after the call ended
        // finds nothing to finish.
        DispatchQueue.global().asyncAfter(deadline: .now() + max(request.timeout, 0.001)) {
          table.finish(id, with: .failure(.timedOut))
        }
        if Task.isCancelled { table.finish(id, with: .failure(.cancelled)) }
        task.task.resume()
      }
    } onCancel: {
      table.finish(id, with: .failure(.cancelled))
    }
  }
}

/// A URLSession task handed between the caller, the timer and the delegate queue.
///
/// `URLSessionTask` is thread-safe (resume and cancel may be called from any thread) but is not
/// marked `Sendable` in corelibs Foundation, hence the unchecked conformance.
private final class RunningTask: @unchecked Sendable {
  let task: URLSessionDataTask
  init(_ task: URLSessionDataTask) { self.task = task }
}

/// Calls in flight, keyed by task id, each finished exactly once by whoever comes first:
/// completion, body cap, deadline or cancellation.
private final class TaskTable: NSObject, URLSessionDataDelegate, Sendable {
  private struct Entry {
    var continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>
    var task: RunningTask
    var limit: Int
    var response: HTTPURLResponse?
    var body: [UInt8] = []
  }

  private let entries = Mutex<[Int: Entry]>([:])

  func register(
    _ id: Int, continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>,
    limit: Int, task: RunningTask
  ) {
    entries.withLock { $0[id] = Entry(continuation: continuation, task: task, limit: limit) }
  }

  /// Resumes the caller once and cancels the URLSession task if it is still running.
  func finish(_ id: Int, with result: Result<HTTPResponse, TransportFailure>) {
    guard let entry = entries.withLock({ $0.removeValue(forKey: id) }) else { return }
    if case .failure = result { entry.task.task.cancel() }
    entry.continuation.resume(returning: result)
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    entries.withLock { $0[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    let id = dataTask.taskIdentifier
    let overflow = entries.withLock { entries -> Bool in
      guard var entry = entries[id] else { return false }
      guard entry.body.count + data.count <= entry.limit else { return true }
      entry.body.append(contentsOf: data)
      entries[id] = entry
      return false
    }
    if overflow { finish(id, with: .failure(.responseTooLarge)) }
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask,
    willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    // A redirect would carry the bearer token or client secret elsewhere; TikTok's API never
    // redirects, so the 3xx itself is the answer.
    completionHandler(nil)
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?
  ) {
    let id = task.taskIdentifier
    if let error {
      finish(id, with: .failure(Self.failure(for: error)))
      return
    }
    let parts = entries.withLock { entries in entries[id].map { ($0.response, $0.body) } }
    guard let (response, body) = parts else { return }
    guard let response else {
      finish(id, with: .failure(.interrupted("no HTTP response")))
      return
    }
    var headers: [(name: String, value: String)] = []
    for (name, value) in response.allHeaderFields {
      headers.append((String(describing: name), String(describing: value)))
    }
    finish(
      id, with: .success(HTTPResponse(status: response.statusCode, headers: headers, body: body)))
  }

  /// Maps URLSession's errors to what matters for retrying: was the request possibly sent?
  /// Messages are fixed phrases; URLSession's own may quote the URL.
  static func failure(for error: any Error) -> TransportFailure {
    guard let urlError = error as? URLError else { return .interrupted("network error") }
    switch urlError.code {
    case .cannotConnectToHost: return .notSent("connection refused")
    case .cannotFindHost, .dnsLookupFailed: return .notSent("host not found")
    case .notConnectedToInternet: return .notSent("no network")
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
      .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
      .clientCertificateRequired:
      return .notSent("TLS handshake failed")
    case .badURL, .unsupportedURL: return .notSent("invalid URL")
    case .timedOut: return .timedOut
    case .cancelled: return .cancelled
    case .networkConnectionLost: return .interrupted("connection lost")
    default: return .interrupted("network error (\(urlError.code.rawValue))")
    }
  }
}
